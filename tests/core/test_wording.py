from core.wording import action_items, plural


def test_plural_counts_one_and_many():
    assert plural(1, "member") == "1 member"
    assert plural(2, "member") == "2 members"
    assert plural(0, "challenge") == "0 challenges"
    assert plural(3, "reply", "replies") == "3 replies"


def test_action_items_take_off_the_bullets_people_type():
    text = "- Recruit two mentors\n* Audit the ITT offer\n\n1) Train governors\n2. Share CPD"
    assert action_items(text) == [
        "Recruit two mentors",
        "Audit the ITT offer",
        "Train governors",
        "Share CPD",
    ]


def test_a_paragraph_is_one_item_and_a_hyphenated_word_stays_whole():
    paragraph = "Build a self-sustaining CPD offer"
    assert action_items(paragraph) == [paragraph]
    assert action_items("-5 days of training") == ["-5 days of training"]
    assert action_items("") == []
