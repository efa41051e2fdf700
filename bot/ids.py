"""Every action_id, callback_id and block_id the bot uses, in one place."""

COMMAND = "/peer-review"
PREFIX = "pr_"  # every action_id and callback_id below starts with it

# Buttons on the area message.
# One button per level, action_id "pr_choose_level_<n>"; value {"c": cycle, "a": area, "l": n}.
ACTION_CHOOSE_LEVEL = "pr_choose_level"
ACTION_CHANGE_JUDGEMENT = "pr_change_judgement"  # value: {"c": cycle_id, "a": area_id}
# Buttons on the summary message.
ACTION_FULL_EVIDENCE = "pr_full_evidence"  # value: {"c": cycle_id, "a": area_id}
ACTION_OPEN_CHALLENGE = "pr_open_challenge"  # value: {"c": cycle_id}
ACTION_OPEN_OUTCOMES = "pr_open_outcomes"  # value: {"c": cycle_id}
ACTION_NEW_CYCLE = "pr_new_cycle"  # value: {"c": the cycle to close}
ACTION_CANCEL = "pr_cancel"
ACTION_EXPORT = "pr_export"  # Home tab: send me the diagnostic workbook
ACTION_EXPORT_PDF = "pr_export_pdf"  # Home tab: send me the report for governors (PDF)
# Home tab / help buttons.
ACTION_OPEN_SETUP = "pr_open_setup"
ACTION_START_REVIEW = "pr_start_review"
# Trios by consent: on the invitation DM and the Home tab; value {"i": invitation_id}.
ACTION_ACCEPT_INVITATION = "pr_accept_invitation"
ACTION_DECLINE_INVITATION = "pr_decline_invitation"
ACTION_WITHDRAW_INVITATION = "pr_withdraw_invitation"
ACTION_LEAVE_TRIO = "pr_leave_trio"  # Home tab; value {"s": school_id}
ACTION_OPEN_ERASE = "pr_open_erase"  # Home tab: "Erase our school's data…"; value {"s": id}

# Modals.
VIEW_JUDGEMENT = "pr_judgement"
VIEW_SETUP = "pr_setup"
VIEW_FULL_EVIDENCE = "pr_full_evidence_view"
VIEW_CHALLENGE = "pr_challenge"
VIEW_OUTCOMES = "pr_outcomes"
VIEW_ERASE = "pr_erase"  # private_metadata {"s": school_id}

# Judgement modal blocks (block_id) and their elements (action_id).
BLOCK_LEVEL = "level"
ACTION_LEVEL_SELECT = "pr_level_select"
BLOCK_EVIDENCE = "evidence"
ACTION_EVIDENCE = "pr_evidence"
BLOCK_SOURCES = "sources"  # one block per 10 sources: sources_0, sources_1, …
ACTION_SOURCES = "pr_sources"
BLOCK_ACTIONS_DONE = "actions_done"  # which of last cycle's key actions were done
ACTION_ACTIONS_DONE = "pr_actions_done"
BLOCK_LINKS = "links"
ACTION_LINKS = "pr_links"
BLOCK_KEY_ACTIONS = "key_actions"
ACTION_KEY_ACTIONS = "pr_key_actions"

# Setup modal.
BLOCK_SCHOOL_NAME = "school_name"
ACTION_SCHOOL_NAME = "pr_school_name"
BLOCK_MEMBERS = "members"
ACTION_MEMBERS = "pr_members"
BLOCK_TRIO_CHANNEL = "trio_channel"
ACTION_TRIO_CHANNEL = "pr_trio_channel"
BLOCK_SCHOOL_CHANNEL = "school_channel"
ACTION_SCHOOL_CHANNEL = "pr_school_channel"
BLOCK_PARTNERS = "partners"
ACTION_PARTNERS = "pr_partners"

# Challenge modal.
BLOCK_CHALLENGE_AREA = "challenge_area"
ACTION_CHALLENGE_AREA = "pr_challenge_area"
BLOCK_CHALLENGE_VIEW = "challenge_view"
ACTION_CHALLENGE_VIEW = "pr_challenge_view"
BLOCK_SUGGESTED_LEVEL = "suggested_level"
ACTION_SUGGESTED_LEVEL = "pr_suggested_level"
BLOCK_COMMENT = "comment"
ACTION_COMMENT = "pr_comment"
GENERAL = "general"  # the "area" of a comment about no one area

# Outcomes modal: one decision and one reason per area (block ids carry the area id).
BLOCK_DECISION = "decision"  # decision_<area>
ACTION_DECISION = "pr_decision"
BLOCK_REASON = "reason"  # reason_<area>
ACTION_REASON = "pr_reason"
BLOCK_SUCCESSES = "successes"
ACTION_SUCCESSES = "pr_successes"
BLOCK_IMPROVEMENTS = "improvements"
ACTION_IMPROVEMENTS = "pr_improvements"
# The erase form: the school's name, typed again to confirm.
BLOCK_ERASE_NAME = "erase_name"
ACTION_ERASE_NAME = "pr_erase_name"
# Under a channel picked in setup that others can read: the warning, and "post there anyway"
# (block "confirm_<channel block>", value the channel id).
BLOCK_CHANNEL_WARNING = "channel_warning"
BLOCK_CHANNEL_CONFIRM = "confirm"
ACTION_CHANNEL_CONFIRM = "pr_channel_confirm"
# A recorded area's message: its descriptors in full, or one line again; value {"c", "a"}.
ACTION_SHOW_DESCRIPTORS = "pr_show_descriptors"
ACTION_HIDE_DESCRIPTORS = "pr_hide_descriptors"
# The note to the author of a reply filed from a summary's thread: file it elsewhere.
# Option value {"k": challenge_id, "a": area id, "general" or "none"}.
ACTION_REFILE = "pr_refile"
# One confirmation before a new cycle: a modal, private_metadata {"c": the cycle to close}.
VIEW_NEW_CYCLE = "pr_new_cycle_view"

# Alliances (issue 14). Values carry ids only: {"a": alliance_id}, {"s": school_id},
# {"i": alliance invitation id}, {"c": cycle_id}, {"a", "p": page}.
ACTION_ALLIANCE_PAGE = "pr_alliance_page"  # the lead's view: another page of trios
ACTION_OPEN_ALLIANCE_SETUP = "pr_open_alliance_setup"  # create an alliance / invite schools
VIEW_ALLIANCE_SETUP = "pr_alliance_setup"  # private_metadata {"a": alliance id, or none}
ACTION_ACCEPT_ALLIANCE = "pr_accept_alliance"  # on the invitation DM and the Home tab
ACTION_DECLINE_ALLIANCE = "pr_decline_alliance"
ACTION_SHARE_EVIDENCE = "pr_share_evidence"  # a school's Home: {"s": id, "on": true/false}
ACTION_OPEN_ROUND = "pr_open_round"  # the lead's Home: open a review round, {"a": id}
VIEW_ROUND = "pr_round"  # the round's dates; private_metadata {"a": alliance id}
ACTION_NUDGE = "pr_nudge"  # the lead's view: remind whoever is next now, {"s": school id}
ACTION_EXPORT_ALLIANCE = "pr_export_alliance"  # the lead's Home: the round's workbook
ACTION_OPEN_AGREEMENT = "pr_open_agreement"  # a partner: agree the proposed outcomes
VIEW_AGREEMENT = "pr_agreement"  # private_metadata {"c": cycle id}
# The agreement form (VIEW_AGREEMENT): agree the proposed outcomes, or propose a change.
BLOCK_AGREEMENT_CHOICE = "agreement_choice"
ACTION_AGREEMENT_CHOICE = "pr_agreement_choice"  # option values "agree", "change"
BLOCK_AGREEMENT_NOTE = "agreement_note"
ACTION_AGREEMENT_NOTE = "pr_agreement_note"
# The alliance setup form (helper 1): a new alliance's name, schools to invite, co-leads.
BLOCK_ALLIANCE_NAME = "alliance_name"
ACTION_ALLIANCE_NAME = "pr_alliance_name"
BLOCK_ALLIANCE_SCHOOLS = "alliance_schools"
ACTION_ALLIANCE_SCHOOLS = "pr_alliance_schools"  # options load: schools found by name
BLOCK_ALLIANCE_LEADS = "alliance_leads"
ACTION_ALLIANCE_LEADS = "pr_alliance_leads"
# The form that opens a review round (VIEW_ROUND): one datepicker per due date.
BLOCK_SELF_DUE = "self_due"
ACTION_SELF_DUE = "pr_self_due"
BLOCK_CHALLENGE_DUE = "challenge_due"
ACTION_CHALLENGE_DUE = "pr_challenge_due"
BLOCK_OUTCOMES_DUE = "outcomes_due"
ACTION_OUTCOMES_DUE = "pr_outcomes_due"
