import storage


def test_an_event_is_claimed_once(db):
    assert storage.claim_event(db, "Ev01") is True
    assert storage.claim_event(db, "Ev01") is False
    assert storage.claim_event(db, "Ev02") is True


def test_old_event_ids_can_be_forgotten(db):
    storage.claim_event(db, "Ev01")
    assert storage.forget_events_before(db, "2000-01-01") == 0
    assert storage.forget_events_before(db, "9999-01-01") == 1
    assert storage.claim_event(db, "Ev01") is True
