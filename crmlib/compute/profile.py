"""The customer profile (客户档案): the eight categories of customer information as a schema.

Seed 000 (the restaurant's "客户信息分类" slide and its 客户信息统计表 form) lists eight kinds of
information a company should keep about a key customer:

========================  =====================================================================
category                  what it holds (the slide's examples)
========================  =====================================================================
basic 基本信息            name, sex, date of birth, contact details, native place, ethnicity, looks
work 工作信息             employer, position, company size and performance, promotions, trips
life 生活信息             family, birthdays of parents / spouse / children, anniversaries
experience 经历信息       personal history, the food culture the customer grew up with
product_need 产品需求信息 taste, speed of service, setting: needs about the product itself
value 价值信息            spend per visit, visit frequency, lifecycle, distance, spending elsewhere
personal_need 个性需求信息 hobbies, favourite dishes and drinks, taboos
attached 附属客户信息     the same information about people around the customer (driver, secretary)
========================  =====================================================================

:data:`FIELDS` turns this into a schema: each field has a category, a kind (text, date,
number, choice, phone, e-mail) and whether it is required. :func:`validate_profile` checks and
standardises a profile (a plain ``dict``), :func:`completeness` says how full each category is,
and :func:`update_profile` merges new information the way the chapter's cycle asks
(collect → review → verify → deliver → use → improve): empty fields are filled, conflicting
values are *not* overwritten silently but listed for verification.

Examples
--------
>>> from crmlib import i18n; i18n.set_language("en")
>>> p = validate_profile({"name": "王伟", "phone": "138-1234-5678", "visits_per_month": 4})
>>> p["phone"], p["visits_per_month"]
('13812345678', 4.0)
>>> completeness(p).loc["basic", ["fields", "filled"]].astype(int).tolist()
[9, 2]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from crmlib import validation as v
from crmlib.compute.identify import standardise_email, standardise_phone
from crmlib.i18n import t

CATEGORIES: tuple[str, ...] = (
    "basic", "work", "life", "experience", "product_need", "value", "personal_need", "attached",
)
"""The eight information categories, in the slide's order."""

KINDS: tuple[str, ...] = ("text", "date", "number", "choice", "phone", "email")

LIFECYCLE_STAGES: tuple[str, ...] = ("prospect", "new", "growing", "mature", "declining", "lost")


@dataclass(frozen=True)
class Field:
    """One field of the profile: its category, kind, whether required, and allowed values."""

    name: str
    category: str
    kind: str = "text"
    required: bool = False
    allowed: tuple[str, ...] | None = None


FIELDS: tuple[Field, ...] = (
    Field("name", "basic", required=True),
    Field("gender", "basic", "choice", allowed=("F", "M")),
    Field("birth_date", "basic", "date"),
    Field("phone", "basic", "phone", required=True),
    Field("email", "basic", "email"),
    Field("city", "basic"),
    Field("native_place", "basic"),
    Field("ethnicity", "basic"),
    Field("appearance", "basic"),
    Field("company", "work"),
    Field("position", "work"),
    Field("company_news", "work"),
    Field("family", "life"),
    Field("key_dates", "life"),
    Field("background", "experience"),
    Field("food_culture", "experience"),
    Field("taste", "product_need"),
    Field("service_needs", "product_need"),
    Field("spend_per_visit", "value", "number"),
    Field("visits_per_month", "value", "number"),
    Field("lifecycle_stage", "value", "choice", allowed=LIFECYCLE_STAGES),
    Field("distance_km", "value", "number"),
    Field("spend_elsewhere", "value", "number"),
    Field("hobbies", "personal_need"),
    Field("favourite_dishes", "personal_need"),
    Field("taboos", "personal_need"),
    Field("attached_persons", "attached"),
)
"""The profile schema: 27 fields in the eight categories."""

_BY_NAME = {f.name: f for f in FIELDS}


def field_names(category: str | None = None) -> list[str]:
    """Names of the fields, of one category or of all.

    Examples
    --------
    >>> field_names("value")
    ['spend_per_visit', 'visits_per_month', 'lifecycle_stage', 'distance_km', 'spend_elsewhere']
    """
    if category is not None:
        v.check_choice(category, "category", CATEGORIES)
    return [f.name for f in FIELDS if category is None or f.category == category]


def schema_table() -> pd.DataFrame:
    """The schema as a table for reading: category and field in the current language, kind,
    and whether the field is required. Headers are English (localize with prefix
    ``"profile.col"``).

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> tab = schema_table()
    >>> tab.shape, tab.loc[0, "category"], tab.loc[0, "field"]
    ((27, 4), 'Basic information', 'Name')
    """
    return pd.DataFrame(
        {
            "category": [t(f"profile.category.{f.category}") for f in FIELDS],
            "field": [t(f"profile.field.{f.name}") for f in FIELDS],
            "kind": [t(f"profile.kind.{f.kind}") for f in FIELDS],
            "required": [f.required for f in FIELDS],
        }
    )


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def _bad(field: str, value: object, kind: str) -> v.CRMInputError:
    return v.CRMInputError(t("profile_errors.bad_value", field=field, value=value, kind=t(f"profile.kind.{kind}")))


def validate_profile(profile: Mapping[str, object], *, require: bool = False) -> dict[str, object]:
    """Check a profile against the schema and return it standardised.

    Phones and e-mails are standardised (:mod:`crmlib.compute.identify`), dates become ISO strings
    (``YYYY-MM-DD``), numbers floats >= 0; empty values are dropped.

    Parameters
    ----------
    profile : mapping of field name to value
    require : bool
        Also insist that every required field (name, phone) is filled.

    Raises
    ------
    CRMInputError
        Unknown field, a value of the wrong kind, a negative number, a choice not allowed, or
        (with ``require``) a required field missing; the message names the field.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> validate_profile({"name": " 孙先生 ", "birth_date": "1978-09-14", "gender": "M"})
    {'name': '孙先生', 'gender': 'M', 'birth_date': '1978-09-14'}
    >>> validate_profile({"nickname": "老孙"})
    Traceback (most recent call last):
    ...
    crmlib.validation.CRMInputError: profile has no field 'nickname'; see crmlib.compute.profile.field_names().
    """
    if not isinstance(profile, Mapping):
        raise v.CRMInputError(t("profile_errors.not_mapping", name="profile", kind=type(profile).__name__))
    for key in profile:
        if key not in _BY_NAME:
            raise v.CRMInputError(t("profile_errors.unknown_field", field=key))
    out: dict[str, object] = {}
    for f in FIELDS:  # schema order
        if f.name not in profile or _empty(profile[f.name]):
            continue
        value = profile[f.name]
        if f.kind == "text":
            out[f.name] = str(value).strip()
        elif f.kind == "number":
            out[f.name] = v.check_nonnegative(value, f.name)
        elif f.kind == "choice":
            out[f.name] = v.check_choice(value, f.name, f.allowed or ())
        elif f.kind == "date":
            parsed = pd.to_datetime(pd.Series([value]), errors="coerce", format="ISO8601").iloc[0]
            if pd.isna(parsed):
                raise _bad(f.name, value, f.kind)
            out[f.name] = parsed.strftime("%Y-%m-%d")
        else:
            std = (standardise_phone if f.kind == "phone" else standardise_email)([value]).iloc[0]
            if std is None:
                raise _bad(f.name, value, f.kind)
            out[f.name] = std
    if require:
        for f in FIELDS:
            if f.required and f.name not in out:
                raise v.CRMInputError(t("profile_errors.required", field=f.name))
    return out


def completeness(profile: Mapping[str, object]) -> pd.DataFrame:
    """How full each of the eight categories is.

    Returns
    -------
    DataFrame
        Indexed by ``category`` (English code); columns ``fields``, ``filled``, ``share`` and
        ``missing`` (the empty fields, comma-separated).

    Examples
    --------
    >>> c = completeness({"name": "王伟", "taste": "偏清淡"})
    >>> int(c.loc["product_need", "filled"]), float(c.loc["product_need", "share"])
    (1, 0.5)
    """
    p = validate_profile(profile)
    rows = []
    for cat in CATEGORIES:
        names = field_names(cat)
        filled = [n for n in names if n in p]
        rows.append(
            {
                "category": cat,
                "fields": len(names),
                "filled": len(filled),
                "share": len(filled) / len(names),
                "missing": ", ".join(n for n in names if n not in p),
            }
        )
    return pd.DataFrame(rows).set_index("category")


def update_profile(
    profile: Mapping[str, object], new: Mapping[str, object], *, overwrite: bool = False
) -> tuple[dict[str, object], pd.DataFrame]:
    """Merge new information into a profile and log what happened to each field.

    Empty fields are filled (``added``); equal values are ``confirmed``; a different value is
    ``to_verify`` and the old one kept, unless ``overwrite`` is true (then ``updated``). The
    chapter's rule: information that has not been verified is not used.

    Returns
    -------
    (dict, DataFrame)
        The merged profile and a log with columns ``field``, ``old``, ``new``, ``action``.

    Examples
    --------
    >>> merged, log = update_profile({"name": "王伟", "phone": "13812345678"},
    ...                              {"phone": "139 0000 1111", "taste": "偏辣"})
    >>> merged["phone"], merged["taste"]
    ('13812345678', '偏辣')
    >>> log["action"].tolist()
    ['to_verify', 'added']
    """
    old = validate_profile(profile)
    upd = validate_profile(new)
    merged = dict(old)
    log = []
    for key, value in upd.items():
        if key not in old:
            action = "added"
            merged[key] = value
        elif old[key] == value:
            action = "confirmed"
        elif overwrite:
            action = "updated"
            merged[key] = value
        else:
            action = "to_verify"
        log.append({"field": key, "old": old.get(key), "new": value, "action": action})
    order = {f.name: i for i, f in enumerate(FIELDS)}
    merged = dict(sorted(merged.items(), key=lambda kv: order[kv[0]]))
    return merged, pd.DataFrame(log, columns=["field", "old", "new", "action"])


def profile_from_view(row: Mapping[str, object] | pd.Series, *, months: float = 12.0) -> dict[str, object]:
    """Start a profile from one row of the single customer view (:func:`crmlib.compute.identify.merge_customers`).

    Basic fields come straight from the view; ``visits_per_month`` is ``records / months`` and
    ``spend_per_visit`` is ``amount / records`` (rounded to cents): the value category starts
    from the transaction data, the rest has to be collected by people.

    Examples
    --------
    >>> row = {"name": "王伟", "phone": "13812345678", "email": None, "city": "北京", "records": 6, "amount": 600.0}
    >>> profile_from_view(row)
    {'name': '王伟', 'phone': '13812345678', 'city': '北京', 'spend_per_visit': 100.0, 'visits_per_month': 0.5}
    """
    months = v.check_positive(months, "months")
    get = row.get if isinstance(row, Mapping) else row.to_dict().get
    records = v.check_count(get("records", 0) or 0, "records")
    amount = v.check_nonnegative(get("amount", 0.0) or 0.0, "amount")
    base = {k: get(k) for k in ("name", "phone", "email", "city")}
    if records:
        base["spend_per_visit"] = round(amount / records, 2)
        base["visits_per_month"] = round(records / months, 2)
    return validate_profile(base)


def example_profile() -> dict[str, object]:
    """The restaurant's example form (seed 000, 客户信息统计表: 孙先生), text in the current language.

    The company name on the slide is replaced by a placeholder.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> p = example_profile()
    >>> p["birth_date"], p["position"]
    ('1978-09-14', 'Deputy general manager')
    """
    text_fields = (
        "name", "city", "native_place", "ethnicity", "appearance", "company", "position",
        "taste", "service_needs", "favourite_dishes", "taboos", "background",
    )
    raw: dict[str, object] = {k: t(f"profile.example.{k}") for k in text_fields}
    raw.update({"gender": "M", "birth_date": "1978-09-14"})
    return validate_profile(raw)


