"""The demo alliance: an alliance lead, six schools in two trios, its people and channels,
and a story so far.

Sam Whitfield creates the East Midlands TSA alliance with the alliance form, invites the six
schools (a member of each accepts) and opens review round 1 with the dates the form offers,
so every school reviews the round's cycle. In the first trio, Hillmead Primary has finished
its self-evaluation (ticking some sources of evidence for each area), been challenged twice
in its summary's thread, answered the CPD challenge there and had its outcomes agreed by
Riverside; Oakfield Academy is half-way through its walk; Riverside Infant School has not
started. In the second, Ashby Fields Primary's summary waits for Castle Hill's challenge
(Brook Lane has challenged), Brook Lane Academy has judged three areas and Castle Hill
Junior School none. Everything is done as people would do it, through the
:class:`~playground.sender.Sender`: the bot's database and the workspace hold only what the
real bot wrote and posted.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import ids
from playground.play import Levels, Play, option, text
from playground.sender import Sender
from playground.slack import BOT, LocalSlack

ALLIANCE = "East Midlands TSA"
LEAD = "ULEAD1"
IdOf = Callable[[str], int]  # a school's id, by its name
TRIO = "CTRIO0001"
GENERAL = "CGENERAL01"
SCHOOLS = {  # name: (its channel, its people)
    "Hillmead Primary": ("CHILLMEAD1", ("UHM1", "UHM2")),
    "Oakfield Academy": ("COAKFIELD1", ("UOK1", "UOK2", "UOK3")),
    "Riverside Infant School": ("CRIVERSID1", ("URS1", "URS2")),
}
TRIO2 = "CTRIO0002"
SCHOOLS2 = {  # the second trio, the same way
    "Ashby Fields Primary": ("CASHBY0001", ("UAF1", "UAF2")),
    "Brook Lane Academy": ("CBROOKLAN1", ("UBL1",)),
    "Castle Hill Junior School": ("CCASTLEHI1", ("UCH1",)),
}
TRIOS = {TRIO: ("trio-east-midlands", SCHOOLS), TRIO2: ("trio-north-derby", SCHOOLS2)}
PEOPLE = {
    "UHM1": "Amara Okafor (Head, Hillmead)",
    "UHM2": "Ben Hughes (Deputy, Hillmead)",
    "UOK1": "Chloe Patel (Principal, Oakfield)",
    "UOK2": "Dan Evans (CPD lead, Oakfield)",
    "UOK3": "Ella Shah (ITT lead, Oakfield)",
    "URS1": "Farah Khan (Head, Riverside)",
    "URS2": "George Lee (SENCo, Riverside)",
    LEAD: f"Sam Whitfield (Alliance lead, {ALLIANCE})",
    "UAF1": "Isla Brown (Head, Ashby Fields)",
    "UAF2": "Jack Wilson (Deputy, Ashby Fields)",
    "UBL1": "Kiran Ali (Principal, Brook Lane)",
    "UCH1": "Laura Green (Head, Castle Hill)",
    "UOUT1": "Hannah Wood (Faraway School, not in the trio)",
}
HILLMEAD_LEVELS: Levels = {
    "leadership": (
        3,
        "Strategic board meets termly; shared vision signed by all 9 schools.",
        (0, 2),
    ),
    "infrastructure": (3, "Data sharing agreement in place; common CPD calendar.", (1, 2, 3)),
    "itt": (
        2,
        "12 School Direct trainees across 6 schools; mentor training started.",
        (0, 3, 9),
    ),
    "cpd": (
        4,
        "Lesson study in every school, impact evaluated at 6 and 12 months.",
        (0, 2, 7, 8, 9),
    ),
    "s2ss": (2, "Two support deployments this year, brokered case by case.", (0, 4)),
}
OAKFIELD_LEVELS: Levels = {
    "leadership": (
        2,
        "Senior leaders meet half-termly; roles are still being agreed.",
        (0,),
    ),
    "infrastructure": (2, "Shared drive set up; no common data yet.", (3,)),
}
ASHBY_LEVELS: Levels = {
    "leadership": (2, "Heads meet each half term; a shared improvement plan is drafted.", (0,)),
    "infrastructure": (1, "Each school keeps its own data; we are choosing a platform.", ()),
    "itt": (3, "Eight trainees placed across the trio; mentors trained together.", (0, 3)),
    "cpd": (2, "A joint INSET day each term; impact not yet evaluated.", (0, 2)),
    "s2ss": (1, "Support is informal, between heads who know each other.", ()),
}
BROOK_LANE_LEVELS: Levels = {
    "leadership": (2, "Shared vision agreed with Ashby Fields and Castle Hill.", (0,)),
    "infrastructure": (2, "A common assessment calendar since September.", (1,)),
    "itt": (1, "No trainees placed yet; two mentors in training.", ()),
}


def workspace(slack: LocalSlack) -> None:
    """The people and channels, before anyone has used the bot."""
    slack.people.update(PEOPLE)
    for trio, (trio_name, schools) in TRIOS.items():
        trio_people = [u for _, people in schools.values() for u in people]
        slack.channels[trio] = {
            "name": trio_name,
            "is_private": True,
            "members": [*trio_people, BOT],
        }
    slack.channels[GENERAL] = {"name": "general", "is_private": False, "members": list(PEOPLE)}
    for name, (channel, people) in {**SCHOOLS, **SCHOOLS2}.items():
        slug = name.split()[0].lower()
        slack.channels[channel] = {
            "name": f"{slug}-leaders",
            "is_private": True,
            "members": [*people, BOT],
        }
    slack.touch()


def story(sender: Sender, school_id: IdOf, settle: Callable[[], object] = lambda: None) -> None:
    """What has happened so far (takes a few seconds: the bot answers as it would).
    `settle` returns once the bot has delivered what the last step asked of it."""
    play = Play(sender, settle)
    hill, oak, _ = SCHOOLS
    for trio, (_, schools) in TRIOS.items():
        form_trio(play, trio, schools, school_id)
    play.form_alliance(LEAD, ALLIANCE, (*SCHOOLS, *SCHOOLS2))
    for _, people in (*SCHOOLS.values(), *SCHOOLS2.values()):
        where = play.message_with(ids.ACTION_ACCEPT_ALLIANCE, people[0])
        play.click(people[0], where, ids.ACTION_ACCEPT_ALLIANCE)
    play.open_round(LEAD)  # before any school starts: their cycles are the round's
    play.walk("UHM1", SCHOOLS[hill][0], HILLMEAD_LEVELS)
    summary = play.challenge_in_thread(
        "UOK2",
        TRIO,
        "CPD: how do you know the lesson study changed practice at 12 months? "
        "Could we see one evaluation?",
    )
    play.click("URS1", summary, ids.ACTION_OPEN_CHALLENGE)
    play.submit(
        "URS1",
        {
            ids.BLOCK_CHALLENGE_AREA: {ids.ACTION_CHALLENGE_AREA: option("itt")},
            ids.BLOCK_CHALLENGE_VIEW: {ids.ACTION_CHALLENGE_VIEW: option("below")},
            ids.BLOCK_SUGGESTED_LEVEL: {ids.ACTION_SUGGESTED_LEVEL: option("3")},
            ids.BLOCK_COMMENT: {
                ids.ACTION_COMMENT: {
                    "value": "Your School Direct reach across six "
                    "schools looks Secure to us, not Expanding."
                }
            },
        },
    )
    play.post(
        "UHM1",
        TRIO,
        "CPD: a fair question. We'll share the Year 4 lesson study evaluation next week; "
        "it shows what changed in classrooms at 12 months.",
        thread_ts=summary[1],
    )
    play.click("UHM1", summary, ids.ACTION_OPEN_OUTCOMES)
    play.submit(
        "UHM1",
        {
            f"{ids.BLOCK_DECISION}_itt": {ids.ACTION_DECISION: option("3")},
            f"{ids.BLOCK_REASON}_itt": {ids.ACTION_REASON: text("Riverside showed it is Secure")},
            ids.BLOCK_SUCCESSES: {ids.ACTION_SUCCESSES: text("Lesson study across the alliance")},
            ids.BLOCK_IMPROVEMENTS: {ids.ACTION_IMPROVEMENTS: text("A brokered S2SS offer")},
        },
    )
    proposed = play.message_with(ids.ACTION_OPEN_AGREEMENT, channel=TRIO)  # Riverside agrees
    play.click("URS1", proposed, ids.ACTION_OPEN_AGREEMENT)
    play.submit(
        "URS1", {ids.BLOCK_AGREEMENT_CHOICE: {ids.ACTION_AGREEMENT_CHOICE: option("agree")}}
    )
    play.walk("UOK1", SCHOOLS[oak][0], OAKFIELD_LEVELS)
    second_trio(play)
    play.open_home(LEAD)  # the lead looks at how the round is going


def form_trio(
    play: Play, trio: str, schools: dict[str, tuple[str, tuple[str, ...]]], school_id: IdOf
) -> None:
    """Each school set up by its first person (with its other people as members); the
    first school then names the trio's channel and the other two, whose heads accept."""
    first, *others = schools
    for name, (channel, (lead, *members)) in schools.items():
        play.set_up(lead, name, tuple(members), channel, trio=trio if name == first else None)
    channel, (lead, *members) = schools[first]
    partners = tuple(school_id(other) for other in others)
    play.set_up(lead, first, tuple(members), channel, trio=trio, partners=partners)
    for other in others:
        head = schools[other][1][0]
        invitation = play.message_with(ids.ACTION_ACCEPT_INVITATION, head)
        play.click(head, invitation, ids.ACTION_ACCEPT_INVITATION)


def second_trio(play: Play) -> None:
    """Ashby Fields judges every area and Brook Lane challenges in the summary's thread;
    Brook Lane judges three areas; Castle Hill has not begun."""
    ashby, brook_lane, _ = SCHOOLS2
    play.walk("UAF1", SCHOOLS2[ashby][0], ASHBY_LEVELS)
    play.challenge_in_thread(
        "UBL1",
        TRIO2,
        "Infrastructure: which platforms are you choosing between? We use one across our "
        "schools and could show you.",
    )
    play.walk("UBL1", SCHOOLS2[brook_lane][0], BROOK_LANE_LEVELS)
