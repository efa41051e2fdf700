"""The domain core: plain Python between Slack (``bot``) and the data (``rubric``, ``storage``).

- :mod:`core.policy` answers every "may this person do this to that school?";
- :mod:`core.lifecycle` defines the states of a review (progress, next area, summary due,
  challenge status) once;
- :mod:`core.standing` is the one read model of a school's standing that every surface uses;
- the command modules (:mod:`core.review`, :mod:`core.challenges`, :mod:`core.outcomes`,
  :mod:`core.schools`, :mod:`core.questions`, :mod:`core.reminders`) make a change and write
  the Slack effects that follow it (:mod:`core.effects`) in the same transaction.

Nothing here imports Slack or the ``bot`` package; a test says so.
"""
