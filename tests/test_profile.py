"""Tests of crmlib.compute.profile: the eight information categories as a schema."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import i18n
from crmlib.compute import profile as pf
from crmlib.i18n import catalogue
from crmlib.validation import CRMInputError


pytestmark = pytest.mark.usefixtures("en")  # English throughout (tests/conftest.py)


def test_eight_categories_in_the_slide_order():
    # Seed 000, slide 客户信息分类: 基本 工作 生活 经历 产品需求 价值 个性需求 附属客户.
    assert pf.CATEGORIES == ("basic", "work", "life", "experience", "product_need", "value", "personal_need", "attached")
    i18n.set_language("zh-CN")
    assert [pf.t(f"profile.category.{c}") for c in pf.CATEGORIES] == [
        "基本信息", "工作信息", "生活信息", "经历信息", "产品需求信息", "价值信息", "个性需求信息", "附属客户信息"]


def test_every_category_has_fields_and_every_field_has_both_languages():
    cat = catalogue()
    assert set(f.category for f in pf.FIELDS) == set(pf.CATEGORIES)
    for f in pf.FIELDS:
        assert set(cat[f"profile.field.{f.name}"]) >= {"zh-CN", "en"}
    assert len({f.name for f in pf.FIELDS}) == len(pf.FIELDS)


def test_schema_table_in_both_languages():
    en = pf.schema_table()
    i18n.set_language("zh-CN")
    zh = pf.schema_table()
    assert len(en) == len(zh) == len(pf.FIELDS)
    assert zh.loc[0, "category"] == "基本信息" and en.loc[0, "category"] == "Basic information"
    assert en["required"].sum() == 2


def test_validate_standardises_values():
    p = pf.validate_profile({"name": " 王伟 ", "phone": "+86 138 1234 5678", "email": " W@Example.com",
                             "birth_date": "1978-9-14", "spend_per_visit": 75, "gender": "F", "taste": ""})
    assert p == {"name": "王伟", "gender": "F", "birth_date": "1978-09-14", "phone": "13812345678",
                 "email": "w@example.com", "spend_per_visit": 75.0}


def test_completeness_hand_count():
    # basic has 9 fields; name + phone filled -> 2/9; value has 5 fields, one filled -> 1/5.
    c = pf.completeness({"name": "王伟", "phone": "13812345678", "visits_per_month": 2})
    assert (int(c.loc["basic", "filled"]), int(c.loc["basic", "fields"])) == (2, 9)
    assert c.loc["value", "share"] == pytest.approx(0.2)
    assert c["fields"].sum() == len(pf.FIELDS)
    assert "birth_date" in c.loc["basic", "missing"]


def test_example_profile_from_the_seed_form():
    # Seed 000, 客户信息统计表: 孙先生, born 1978-09-14, 副总经理, no pork.
    i18n.set_language("zh-CN")
    p = pf.example_profile()
    assert p["name"] == "孙先生" and p["birth_date"] == "1978-09-14" and p["position"] == "副总经理"
    assert "猪肉" in p["taboos"]
    c = pf.completeness(p)
    assert c.loc["attached", "filled"] == 0 and c.loc["personal_need", "filled"] == 2


def test_update_profile_fills_confirms_and_flags_conflicts():
    old = {"name": "王伟", "phone": "13812345678", "taste": "偏辣"}
    merged, log = pf.update_profile(old, {"phone": "138-1234-5678", "taste": "清淡", "hobbies": "网球"})
    assert merged["taste"] == "偏辣" and merged["hobbies"] == "网球"
    assert dict(zip(log["field"], log["action"])) == {"phone": "confirmed", "taste": "to_verify", "hobbies": "added"}
    merged2, log2 = pf.update_profile(old, {"taste": "清淡"}, overwrite=True)
    assert merged2["taste"] == "清淡" and log2["action"].tolist() == ["updated"]


def test_profile_from_view_row():
    row = pd.Series({"name": "李娜", "phone": "13900000000", "email": "l@example.com", "city": "上海",
                     "records": 3, "amount": 100.0})
    p = pf.profile_from_view(row, months=6)
    # 100 / 3 = 33.33 per visit; 3 records in 6 months = 0.5 a month (hand calculation).
    assert p["spend_per_visit"] == 33.33 and p["visits_per_month"] == 0.5


@given(st.dictionaries(st.sampled_from([f.name for f in pf.FIELDS if f.kind == "text"]),
                       st.text(min_size=1, max_size=8).filter(lambda s: s.strip()), max_size=10))
@settings(max_examples=60, deadline=None)
def test_validation_is_idempotent_and_completeness_counts_filled(profile):
    once = pf.validate_profile(profile)
    assert pf.validate_profile(once) == once
    assert pf.completeness(once)["filled"].sum() == len(once)


# --- bad input ----------------------------------------------------------------------------------

def test_unknown_field_is_named():
    with pytest.raises(CRMInputError, match="nickname"):
        pf.validate_profile({"nickname": "老王"})


@pytest.mark.parametrize("field, value", [("birth_date", "1978-02-30"), ("phone", "12345"), ("email", "no-at")])
def test_value_of_the_wrong_kind_is_named(field, value):
    with pytest.raises(CRMInputError, match=field):
        pf.validate_profile({field: value})


def test_negative_number_is_named():
    with pytest.raises(CRMInputError, match="spend_per_visit"):
        pf.validate_profile({"spend_per_visit": -5})


def test_choice_not_allowed_is_named():
    with pytest.raises(CRMInputError, match="lifecycle_stage"):
        pf.validate_profile({"lifecycle_stage": "vip"})


def test_required_fields_are_named():
    with pytest.raises(CRMInputError, match="phone"):
        pf.validate_profile({"name": "王伟"}, require=True)


def test_profile_must_be_a_mapping():
    with pytest.raises(CRMInputError, match="profile"):
        pf.validate_profile([("name", "王伟")])


def test_unknown_category_and_bad_months_are_named():
    with pytest.raises(CRMInputError, match="category"):
        pf.field_names("hobby")
    with pytest.raises(CRMInputError, match="months"):
        pf.profile_from_view({"name": "a", "records": 1, "amount": 1.0}, months=0)
