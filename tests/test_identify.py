"""Tests of crmlib.compute.identify (standardise, deduplicate, measure, merge, report, mask) and of the
messy multi-source generator crmlib.datasets.synth.customer_records."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import datasets, i18n
from crmlib.compute import identify as idf
from crmlib.views.identify import dedup_view, localize_records
from crmlib.datasets.synth import customer_records as cr
from crmlib.validation import CRMInputError
from crmlib.widgets.identify import dedup_dashboard


pytestmark = pytest.mark.usefixtures("en")  # English throughout (tests/conftest.py)


@pytest.fixture(scope="module")
def records():
    return cr.generate()


def _records(**cols):
    base = {"name": [None], "phone": [None], "email": [None], "city": [None]}
    n = len(next(iter(cols.values())))
    base = {k: [None] * n for k in base}
    base.update(cols)
    return pd.DataFrame(base)


# --- standardisation: known values ---------------------------------------------------------

def test_phone_formats_written_by_hand_standardise_to_eleven_digits():
    # Hand-written variants of one number, as the slides' "messy sources" describe them.
    raw = ["13812345678", "138-1234-5678", "138 1234 5678", "+86 13812345678", "(+86)138-1234-5678",
           "0086 138 1234 5678", "86-13812345678", "１３８１２３４５６７８", "138\u30001234\u30005678"]
    assert idf.standardise_phone(raw).tolist() == ["13812345678"] * len(raw)


@pytest.mark.parametrize("bad", ["12345", "23812345678", "1381234567", "12812345678", "phone", ""])
def test_phone_that_is_not_a_mobile_number_becomes_missing(bad):
    # 11 digits starting 1 then 3-9 is the mainland mobile pattern; anything else is unusable.
    assert idf.standardise_phone([bad]).tolist() == [None]


def test_names_emails_and_cities_standardise():
    assert idf.standardise_name(["王 伟", " 王伟", "王\u3000伟", "ＷＡＮＧ"]).tolist() == ["王伟", "王伟", "王伟", "WANG"]
    assert idf.standardise_email([" A.B@Example.COM", "a.b@example", "x@@y.com"]).tolist() == ["a.b@example.com", None, None]
    assert idf.standardise_city(["北京市", "北京", " 上海 市"]).tolist() == ["北京", "北京", "上海"]


def test_title_only_names_are_flagged_not_used_as_names():
    std = idf.standardise(_records(name=["王先生", "王伟", "李女士", "王先生德"]))
    assert std["name_is_title"].tolist() == [True, False, True, False]


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.sampled_from("3456789"), st.integers(0, 5))
@settings(max_examples=80, deadline=None)
def test_every_generator_format_standardises_back_and_is_idempotent(tail, second, style):
    number = "1" + second + tail
    written = cr._phone_format(number, style)
    once = idf.standardise_phone([written]).tolist()
    assert once == [number]
    assert idf.standardise_phone(once).tolist() == once


@given(st.text(alphabet="0123456789", min_size=6, max_size=6), st.integers(0, 5))
@settings(max_examples=40, deadline=None)
def test_fictional_block_numbers_standardise_in_every_format(tail, style):
    number = cr.FICTIONAL_PREFIX + tail
    assert idf.standardise_phone([cr._phone_format(number, style)]).tolist() == [number]


# --- deduplication: known values --------------------------------------------------------------

def test_matches_chain_through_different_keys():
    # A-B share a phone, B-C share an e-mail, D shares nothing: {A, B, C}, {D} by hand.
    recs = _records(
        name=["王伟", "W", "王伟", "李娜"],
        phone=["13800000001", "138-0000-0001", None, "13900000009"],
        email=[None, "w@example.com", "W@example.com ", None],
    )
    assert idf.match_records(idf.standardise(recs), ["phone", "email"]).tolist() == [0, 0, 0, 1]
    # Phone alone cannot reach C.
    assert idf.match_records(idf.standardise(recs), ["phone"]).tolist() == [0, 0, 1, 2]


def test_name_city_needs_both_and_ignores_titles():
    recs = _records(name=["王伟", "王伟", "王伟", "王先生", "王先生"], city=["北京", "北京市", None, "北京", "北京"])
    # Rows 0-1 agree on name and city; row 2 has no city; the two "王先生" rows are not names.
    assert idf.match_records(idf.standardise(recs), ["name_city"]).tolist() == [0, 0, 1, 2, 3]


def test_match_quality_hand_calculation():
    # Truth: {0,1,2} one person (3 pairs), {3,4} another (1 pair): 4 true pairs.
    # Rule: {0,1}, {2,3,4}: predicted pairs (0,1), (2,3), (2,4), (3,4) = 4; correct (0,1), (3,4) = 2.
    q = idf.match_quality([0, 0, 1, 1, 1], ["a", "a", "a", "b", "b"])
    assert q["precision"] == pytest.approx(2 / 4)
    assert q["recall"] == pytest.approx(2 / 4)
    assert q["f1"] == pytest.approx(0.5)
    assert (q["false_merges"], q["missed_pairs"]) == (2, 2)
    assert (q["predicted_customers"], q["true_customers"]) == (2, 2)


def test_match_quality_without_pairs_is_perfect_by_convention():
    q = idf.match_quality([1, 2, 3], [1, 2, 3])
    assert q["precision"] == 1.0 and q["recall"] == 1.0


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=25))
@settings(max_examples=80, deadline=None)
def test_match_quality_equals_brute_force_pair_count(labels):
    pred = [p for p, _ in labels]
    true = [t for _, t in labels]
    pairs = list(itertools.combinations(range(len(labels)), 2))
    same_p = {(i, j) for i, j in pairs if pred[i] == pred[j]}
    same_t = {(i, j) for i, j in pairs if true[i] == true[j]}
    q = idf.match_quality(pred, true)
    assert q["precision"] == pytest.approx(len(same_p & same_t) / len(same_p) if same_p else 1.0)
    assert q["recall"] == pytest.approx(len(same_p & same_t) / len(same_t) if same_t else 1.0)
    assert q["false_merges"] == len(same_p - same_t)
    assert q["missed_pairs"] == len(same_t - same_p)


def _partition(labels):
    groups = {}
    for i, g in enumerate(labels):
        groups.setdefault(g, set()).add(i)
    return {frozenset(s) for s in groups.values()}


def test_grouping_does_not_depend_on_row_order(records):
    std = idf.standardise(records)
    perm = np.random.default_rng(0).permutation(len(std))
    a = idf.match_records(std, ["phone", "email"])
    b = idf.match_records(std.iloc[perm], ["phone", "email"])
    # Compare partitions of record ids, whatever the group numbers.
    ids = records["record_id"].to_numpy()
    pa = {frozenset(ids[list(s)]) for s in _partition(a.tolist())}
    pb = {frozenset(ids[perm][list(s)]) for s in _partition(b.tolist())}
    assert pa == pb


def test_more_keys_never_lower_recall(records):
    std = idf.standardise(records)
    recalls = [idf.match_quality(idf.match_records(std, keys), records["person_id"])["recall"]
               for keys in (["phone"], ["phone", "email"], ["phone", "email", "name_city"])]
    assert recalls == sorted(recalls)


def test_unique_keys_give_perfect_precision_on_clean_data():
    # No typing errors: phones and e-mails are each person's own, so nothing is merged wrongly.
    clean = cr.generate(200, typo_rate=0.0, seed=5)
    std = idf.standardise(clean)
    assert idf.match_quality(idf.match_records(std, ["phone", "email"]), clean["person_id"])["precision"] == 1.0


def test_name_rule_merges_namesakes(records):
    # Independent check on the truth: some standardised real name is shared by two people, so
    # "same name" must merge strangers (precision < 1).
    std = idf.standardise(records)
    real = std[~std["name_is_title"] & std["name_std"].notna()]
    assert (real.groupby("name_std")["person_id"].nunique() > 1).any()
    q = idf.match_quality(idf.match_records(std, ["name"]), records["person_id"])
    assert q["precision"] < 1.0 and q["false_merges"] > 0


def test_typing_errors_lower_recall_of_the_phone_rule():
    clean = cr.generate(300, typo_rate=0.0, seed=9)
    noisy = cr.add_typos(clean, 0.3, seed=1)
    r = [idf.match_quality(idf.match_records(idf.standardise(d), ["phone"]), d["person_id"])["recall"] for d in (clean, noisy)]
    assert r[1] < r[0]


# --- merge and quality report -------------------------------------------------------------------

def test_merge_customers_hand_example():
    recs = pd.DataFrame({
        "name": ["王 伟", "王先生", "王伟", "李娜"],
        "phone": ["13800000001", "138-0000-0001", "13800000001", None],
        "email": [None, None, "w@example.com", "l@example.com"],
        "city": ["北京", None, "上海", "上海"],
        "source": ["store_card", "call_centre", "web_order", "web_order"],
        "recorded_on": pd.to_datetime(["2024-01-02", "2024-03-01", "2024-02-01", "2024-02-03"]),
        "amount": [80.0, 0.0, 20.5, 9.5],
    })
    std = idf.standardise(recs)
    view = idf.merge_customers(std, idf.match_records(std))
    first = view.loc[0]
    assert first["name"] == "王伟" and first["phone"] == "13800000001" and first["email"] == "w@example.com"
    assert first["records"] == 3 and first["amount"] == pytest.approx(100.5)
    assert first["sources"] == "call_centre+store_card+web_order"
    assert first["first_seen"] == pd.Timestamp("2024-01-02") and first["last_seen"] == pd.Timestamp("2024-03-01")
    # City conflict: 北京 once, 上海 once -> a tie goes to the first recorded (北京), flagged.
    assert first["city"] == "北京" and first["conflicts"] == 1
    assert view.loc[1, "name"] == "李娜" and view.loc[1, "conflicts"] == 0


def test_merge_keeps_totals(records):
    std = idf.standardise(records)
    view = idf.merge_customers(std, idf.match_records(std))
    assert view["records"].sum() == len(records)
    assert view["amount"].sum() == pytest.approx(records["amount"].sum(), abs=0.05)


def test_quality_report_hand_example():
    recs = pd.DataFrame({"name": ["王伟", None, "李先生", "张 三"],
                         "phone": ["13812345678", "138-1234-5678", "123", None],
                         "email": [None, None, None, "x@example.com"],
                         "city": ["北京", "北京市", "上海", None]})
    rep = idf.quality_report(recs)
    # phone: 1 missing of 4; "123" invalid; 2 usable of which 1 written non-standard.
    assert rep.loc["phone", ["missing", "invalid", "usable", "nonstandard"]].tolist() == [0.25, 0.25, 0.5, 0.5]
    # name: 李先生 is only a title -> invalid; 张 三 usable but non-standard.
    assert rep.loc["name", ["missing", "invalid", "usable", "nonstandard"]].tolist() == [0.25, 0.25, 0.5, 0.5]
    assert rep.loc["email", "missing"] == 0.75
    assert rep.loc["city", "distinct"] == 2


# --- masking and pseudonymisation -----------------------------------------------------------------

def test_masks_hand_examples():
    assert idf.mask_phone(["+86 138-1234-5678", "bad"]).tolist() == ["138****5678", None]
    assert idf.mask_email(["Wang@Example.com"]).tolist() == ["w***@example.com"]
    assert idf.mask_name(["欧阳 小明"]).tolist() == ["欧***"]


def test_pseudonym_is_the_hmac_sha256_prefix():
    # RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe", data "what do ya want for nothing?"):
    # 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843. The key is padded to
    # the 32 bytes pseudonymise demands, so here the known value comes from the stdlib's hmac,
    # itself checked against RFC 4231 in the first assert.
    assert hmac.new(b"Jefe", b"what do ya want for nothing?", hashlib.sha256).hexdigest().startswith("5bdcc146bf60754e")
    key = b"k" * 32
    expected = hmac.new(key, b"10000123456", hashlib.sha256).hexdigest()[:16]
    out = idf.pseudonymise(["10000123456", "10000123456", None], key)
    assert out.tolist() == [expected, expected, None]
    assert idf.pseudonymise(["10000123456"], b"j" * 32).iloc[0] != expected
    assert idf.pseudonymise(["10000123456"], "k" * 32).iloc[0] == expected  # a text key is its UTF-8 bytes
    assert len(idf.pseudonymise(["x"], key, length=64).iloc[0]) == 64


def test_new_key_is_random_and_long_enough():
    keys = {idf.new_key() for _ in range(20)}
    assert len(keys) == 20 and all(isinstance(k, bytes) and len(k) == idf.KEY_BYTES for k in keys)


def test_protected_view_leaks_no_phone_or_email_digits(records):
    std = idf.standardise(records)
    view = idf.merge_customers(std, idf.match_records(std))
    safe = idf.protect_view(view, idf.new_key())
    text = safe.astype(str).to_csv()
    assert not any(p in text for p in view["phone"].dropna())
    assert not any(e in text for e in view["email"].dropna())
    # No partial original beyond the block's first three digits and the e-mail's domain.
    phones = safe["phone"].dropna()
    assert len(phones) > 0 and all(p == "100" + "*" * 8 for p in phones)
    assert all(e.startswith("***@") for e in safe["email"].dropna())
    assert safe["pseudonym"].notna().sum() == (view["phone"].notna() | view["email"].notna()).sum()


def test_salted_hash_is_reversed_by_enumerating_the_block(records):
    # The attack of chapter 2: the salt sits beside the data, the block has 10**6 numbers.
    phones = idf.standardise(records)["phone_std"].dropna().unique()[:5]
    hidden = idf.salted_hash(phones, salt="course-demo-salt")
    assert hidden.tolist() == [hashlib.sha256(f"course-demo-salt{p}".encode()).hexdigest()[:16] for p in phones]
    found = idf.reidentify_salted_hashes(hidden, salt="course-demo-salt")
    assert found.tolist() == list(phones)
    assert found.attrs["tried"] == 10**6


def test_keyed_pseudonyms_resist_the_same_attack(records):
    phones = idf.standardise(records)["phone_std"].dropna().unique()[:3]
    hidden = idf.pseudonymise(phones, idf.new_key())
    # Without the key the attacker can only try a salt; nothing in the block matches.
    found = idf.reidentify_salted_hashes(hidden, salt="course-demo-salt", prefix="100001")
    assert found.isna().all()


def test_shipped_phones_are_all_in_the_fictional_block():
    raw = datasets.load_customer_records()["phone"].dropna()
    digits = raw.map(lambda x: "".join(ch for ch in unicodedata.normalize("NFKC", x) if ch.isdigit()))
    digits = digits.map(lambda d: d[2:] if d.startswith("86") and len(d) == 13 else d)
    assert len(digits) > 400
    assert digits.str.fullmatch(cr.FICTIONAL_PREFIX + r"\d{6}").all()


# --- the generator and the shipped file -----------------------------------------------------------

def test_generator_truth_and_sources():
    df = cr.generate(100, seed=11)
    assert df["person_id"].nunique() == 100
    assert set(df["source"]) <= set(cr.SOURCES)
    assert df["record_id"].is_unique
    assert (df.loc[df["source"] == "call_centre", "amount"] == 0).all()
    assert df.equals(cr.generate(100, seed=11))


def test_shipped_file_is_the_generator_output():
    table = datasets.registry()["customer_records"]
    assert datasets.to_csv_bytes(datasets.validate(table.generate(), table)) == table.path.read_bytes()
    loaded = datasets.load_customer_records()
    assert loaded["person_id"].nunique() == 500
    assert table.path.stat().st_size < 3_000_000


# --- bad input ------------------------------------------------------------------------------------

def test_missing_column_is_named():
    with pytest.raises(CRMInputError, match="phone"):
        idf.standardise(pd.DataFrame({"name": ["a"], "email": [None], "city": [None]}))


def test_empty_table_is_named():
    with pytest.raises(CRMInputError, match="records is empty"):
        idf.standardise(pd.DataFrame(columns=["name", "phone", "email", "city"]))


def test_unknown_key_is_named():
    std = idf.standardise(_records(name=["a"]))
    with pytest.raises(CRMInputError, match="keys"):
        idf.match_records(std, ["surname"])
    with pytest.raises(CRMInputError, match="keys"):
        idf.match_records(std, [])


def test_truth_of_wrong_length_is_named():
    with pytest.raises(CRMInputError, match="truth"):
        idf.match_quality([0, 0, 1], [1, 1])


def test_missing_labels_are_named():
    with pytest.raises(CRMInputError, match="truth"):
        idf.match_quality([0, 1], [1, None])


def test_text_values_must_be_a_sequence():
    with pytest.raises(CRMInputError, match="phones"):
        idf.standardise_phone("13812345678")


@pytest.mark.parametrize("salt", ["", None, 123])
def test_bad_salt_is_named(salt):
    with pytest.raises(CRMInputError, match="salt"):
        idf.salted_hash(["x"], salt=salt)


@pytest.mark.parametrize("key", ["course-demo-salt", b"short", None, 123])
def test_bad_key_is_named(key):
    with pytest.raises(CRMInputError, match="key"):
        idf.pseudonymise(["x"], key)
    with pytest.raises(CRMInputError, match="key"):
        idf.protect_view(pd.DataFrame({"name": ["王伟"], "phone": [None], "email": [None]}), key)


@pytest.mark.parametrize("prefix", ["100", "1000x", 10000, "100001234567"])
def test_bad_attack_prefix_is_named(prefix):
    with pytest.raises(CRMInputError, match="prefix"):
        idf.reidentify_salted_hashes(["abc"], salt="s", prefix=prefix)


def test_mask_length_out_of_range_is_named():
    with pytest.raises(CRMInputError, match="keep_start"):
        idf.mask_phone(["13812345678"], keep_start=6, keep_end=6)
    with pytest.raises(CRMInputError, match="keep_end"):
        idf.mask_phone(["13812345678"], keep_end=-1)


def test_negative_amount_and_bad_date_in_merge_are_named():
    recs = idf.standardise(_records(name=["a", "b"]))
    recs["source"] = "web_order"
    recs["recorded_on"] = ["2024-01-01", "2024-01-02"]
    recs["amount"] = [1.0, -2.0]
    with pytest.raises(CRMInputError, match="amount"):
        idf.merge_customers(recs, [0, 1])
    recs["amount"] = [1.0, 2.0]
    recs["recorded_on"] = ["2024-01-01", "2024-02-30"]
    with pytest.raises(CRMInputError, match="recorded_on"):
        idf.merge_customers(recs, [0, 1])


@pytest.mark.parametrize("kwargs, name", [({"typo_rate": 1.5}, "typo_rate"), ({"missing_rate": -0.1}, "missing_rate"),
                                           ({"n_people": 0}, "n_people")])
def test_generator_rejects_bad_parameters(kwargs, name):
    with pytest.raises(CRMInputError, match=name):
        cr.generate(**{"n_people": 10, **kwargs})


def test_view_rejects_unknown_rule_and_bad_rate():
    with pytest.raises(CRMInputError, match="rule"):
        dedup_view("surname")
    with pytest.raises(CRMInputError, match="extra_typos"):
        dedup_view("phone", 2.0)


# --- dashboard --------------------------------------------------------------------------------------

def test_dedup_view_reports_the_rule_quality(records):
    import matplotlib.pyplot as plt

    fig, text = dedup_view("phone_email", 0.0)
    std = idf.standardise(records)
    q = idf.match_quality(idf.match_records(std, idf.RULES["phone_email"]), records["person_id"])
    assert f"give {q['predicted_customers']} customers" in text
    bars = sorted(p.get_width() for p in fig.axes[0].patches)
    assert bars == pytest.approx(sorted([q["precision"], q["recall"], q["f1"]]))
    plt.close(fig)


def test_dashboard_wiring_rule_and_typo_slider():
    import matplotlib.pyplot as plt

    dash = dedup_dashboard(n_people=200)
    before = dash.result[1]
    dash.controls["rule"].value = "name"
    assert dash.result[1] != before and "same name only" in dash.result[1]
    dash.controls["rule"].value = "phone"
    quiet = dash.result[1]
    dash.controls["extra_typos"].value = 0.3
    assert dash.result[1] != quiet
    plt.close("all")


# --- eligibility (Dick's supermarket threshold) -------------------------------------------------

def test_eligibility_errors_hand_example():
    # Person A: records 0, 1 (40 + 30 = 70) kept as two customers -> each 40 / 30 < 60: missed.
    # Persons B (35) and C (30) merged into one customer of 65 >= 60: both wrongly included.
    # Person D: one record of 80, its own customer: found.
    std = pd.DataFrame({"amount": [40.0, 30.0, 35.0, 30.0, 80.0]})
    out = idf.eligibility_errors(std, [0, 1, 2, 2, 3], ["A", "A", "B", "C", "D"], threshold=60)
    assert out == {"qualifying": 2, "found": 1, "missed": 1, "wrongly_included": 2}


def test_perfect_identification_has_no_eligibility_errors(records):
    std = idf.standardise(records)
    out = idf.eligibility_errors(std, records["person_id"], records["person_id"], 300)
    truly = int((records.groupby("person_id")["amount"].sum() >= 300).sum())
    assert out == {"qualifying": truly, "found": truly, "missed": 0, "wrongly_included": 0}


def test_eligibility_bad_input_is_named():
    std = pd.DataFrame({"amount": [1.0, 2.0]})
    with pytest.raises(CRMInputError, match="threshold"):
        idf.eligibility_errors(std, [0, 1], [0, 1], -5)
    with pytest.raises(CRMInputError, match="customer"):
        idf.eligibility_errors(std, [0], [0, 1], 5)
    with pytest.raises(CRMInputError, match="amount"):
        idf.eligibility_errors(pd.DataFrame({"amount": [-1.0, 2.0]}), [0, 1], [0, 1], 5)


def test_compare_rules_rows_agree_with_single_rule_scores(records):
    std = idf.standardise(records)
    tab = idf.compare_rules(std, records["person_id"], threshold=500)
    assert tab.index.tolist() == ["none", *idf.RULES]
    for rule, keys in idf.RULES.items():
        q = idf.match_quality(idf.match_records(std, keys), records["person_id"])
        assert tab.loc[rule, "recall"] == pytest.approx(q["recall"])
    # Baseline: nothing merged -> no false merges, every true pair missed.
    assert tab.loc["none", "false_merges"] == 0 and tab.loc["none", "recall"] == 0.0
    assert tab.loc["none", "missed"] >= tab.loc["phone_email", "missed"]


def test_localize_records_translates_headers_and_channels():
    i18n.set_language("zh-CN")
    out = localize_records(pd.DataFrame({"sources": ["store_card+web_order"], "records": [2]}))
    assert out.columns.tolist() == ["来源渠道", "记录数"] and out.iloc[0, 0] == "会员卡+网店订单"
