"""Identifying customers (识别客户): from messy records of many channels to one customer view.

The steps follow chapter 2:

1. **Standardise** each field so that equal things are written equally
   (:func:`standardise_name`, :func:`standardise_phone`, :func:`standardise_email`,
   :func:`standardise_city`, all at once with :func:`standardise`).
2. **Deduplicate** with an explicit rule (:func:`match_records`): two records belong to the
   same customer when they share a standardised key (the same phone, the same e-mail, ...);
   matches chain, so A–B and B–C put A, B and C together (connected components of the
   "shares a key" graph).
3. **Measure the rule's errors** against the truth, when a truth is known
   (:func:`match_quality`): pairwise precision and recall.
4. **Merge** each group into one row of the customer view (:func:`merge_customers`).
5. **Report data quality** (:func:`quality_report`) and **protect personal data**
   (:func:`mask_phone`, :func:`mask_email`, :func:`mask_name`; keyed pseudonyms with
   :func:`new_key` and :func:`pseudonymise`; :func:`salted_hash` and
   :func:`reidentify_salted_hashes` show why a salted hash of a phone number is not enough).

Examples
--------
>>> import pandas as pd
>>> recs = pd.DataFrame({
...     "name": ["王 伟", "王伟", "李娜"],
...     "phone": ["138-1234-5678", "+86 13812345678", None],
...     "email": [None, "WangWei@Example.com", "lina@example.org"],
...     "city": ["北京市", "北京", "上海"],
... })
>>> match_records(standardise(recs), keys=("phone", "email")).tolist()
[0, 0, 1]
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from crmlib import validation as v
from crmlib.datasets.synth.customer_records import FICTIONAL_PREFIX
from crmlib.i18n import t

MATCH_KEYS: tuple[str, ...] = ("phone", "email", "name_city", "name")
"""Keys a deduplication rule can use: standardised phone, e-mail, name + city, or name alone."""

RULES: dict[str, tuple[str, ...]] = {
    "phone": ("phone",),
    "phone_email": ("phone", "email"),
    "phone_email_name_city": ("phone", "email", "name_city"),
    "name": ("name",),
}
"""Named rules used in chapter 2; each is a tuple of :data:`MATCH_KEYS` (any shared key matches)."""

# A mainland mobile number (1, then 3-9, then 9 digits), or a number of the course's fictional
# block (FICTIONAL_PREFIX + 6 digits: it cannot belong to anyone; the synthetic data uses only it).
_PHONE_RE = re.compile(rf"^(?:1[3-9]\d{{9}}|{FICTIONAL_PREFIX}\d{{{11 - len(FICTIONAL_PREFIX)}}})$")
_EMAIL_RE = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$")
_TITLE_RE = re.compile(r"(先生|女士|小姐)$")


def _as_text(values: Iterable[object] | pd.Series, name: str) -> pd.Series:
    """Return ``values`` as an object Series whose missing entries are ``None``."""
    if isinstance(values, pd.Series):
        index = values.index
        items = values.tolist()
    elif isinstance(values, str) or not isinstance(values, Iterable):
        raise v.CRMInputError(t("identify_errors.not_text_values", name=name, kind=type(values).__name__))
    else:
        items = list(values)
        index = None
    clean = [None if x is None or (isinstance(x, float) and x != x) or x is pd.NA else x for x in items]
    return pd.Series(clean, index=index, dtype=object)


def _apply(values: Iterable[object] | pd.Series, name: str, func) -> pd.Series:
    """Apply ``func`` (text -> text or None) to each non-missing value, keeping ``None`` for missing."""
    s = _as_text(values, name)
    out = [None if x is None else func(unicodedata.normalize("NFKC", str(x))) for x in s.tolist()]
    return pd.Series([x if x else None for x in out], index=s.index, dtype=object)


def _phone(x: str) -> str | None:
    d = re.sub(r"\D", "", x)
    if d.startswith("0086") and len(d) == 15:
        d = d[4:]
    elif d.startswith("86") and len(d) == 13:
        d = d[2:]
    return d if _PHONE_RE.match(d) else None


def _email(x: str) -> str | None:
    x = x.strip().lower()
    return x if _EMAIL_RE.match(x) else None


def standardise_name(values: Iterable[object] | pd.Series) -> pd.Series:
    """Standardise personal names: full-width to half-width (NFKC), remove all spaces.

    A Chinese name has no spaces, so "王 伟", "王伟 " and "王\\u3000伟" all become "王伟".
    Titles such as 先生 / 女士 are kept: "王先生" is not a name but a hint, and
    :func:`standardise` flags it in ``name_is_title``.

    Examples
    --------
    >>> standardise_name(["王 伟", "王伟 ", "王\\u3000伟", None]).tolist()
    ['王伟', '王伟', '王伟', None]
    """
    return _apply(values, "names", lambda x: re.sub(r"\s+", "", x))


def standardise_phone(values: Iterable[object] | pd.Series) -> pd.Series:
    """Standardise mainland mobile numbers to 11 digits; anything else becomes missing.

    Full-width digits are converted (NFKC), every non-digit is dropped, and a leading
    country code 86 (or 0086) is removed. What is left must look like a mobile number (1,
    then 3–9, then 9 digits) or be a number of the course's fictional block (11 digits
    beginning :data:`~crmlib.datasets.synth.customer_records.FICTIONAL_PREFIX` ``10000``, which
    no person can hold; the synthetic data uses only these); otherwise the value is treated as
    missing (and counted as *invalid* by :func:`quality_report`).

    Examples
    --------
    >>> standardise_phone(["138-1234-5678", "+86 138 1234 5678", "(+86)138-1234-5678",
    ...                    "１３８１２３４５６７８", "12345", None]).tolist()
    ['13812345678', '13812345678', '13812345678', '13812345678', None, None]
    >>> standardise_phone(["100-0012-3456", "+86 10000123456", "10086123456"]).tolist()
    ['10000123456', '10000123456', None]
    """
    return _apply(values, "phones", _phone)


def standardise_email(values: Iterable[object] | pd.Series) -> pd.Series:
    """Standardise e-mail addresses: trim, lower-case, keep only well-formed ones.

    Examples
    --------
    >>> standardise_email([" WangWei@Example.COM ", "no-at-sign", None]).tolist()
    ['wangwei@example.com', None, None]
    """
    return _apply(values, "emails", _email)


def standardise_city(values: Iterable[object] | pd.Series) -> pd.Series:
    """Standardise city names: remove spaces and a trailing 市, so "北京市" and "北京" agree.

    Examples
    --------
    >>> standardise_city(["北京市", " 北京", None]).tolist()
    ['北京', '北京', None]
    """
    return _apply(values, "cities", lambda x: re.sub(r"\s+", "", x).removesuffix("市"))


def standardise(records: pd.DataFrame, *, table: str = "records") -> pd.DataFrame:
    """Add standardised columns ``name_std``, ``phone_std``, ``email_std``, ``city_std`` and
    ``name_is_title`` (True for entries such as "王先生" that hold only a surname and a title).

    Parameters
    ----------
    records : DataFrame
        Must hold the columns ``name``, ``phone``, ``email`` and ``city`` (values may be missing).
    table : str
        Name of the table in error messages.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["王先生"], "phone": ["138 1234 5678"], "email": [None], "city": ["北京市"]})
    >>> standardise(df)[["name_std", "phone_std", "city_std", "name_is_title"]].values.tolist()
    [['王先生', '13812345678', '北京', True]]
    """
    v.require_columns(records, ["name", "phone", "email", "city"], table)
    out = records.copy()
    out["name_std"] = standardise_name(records["name"])
    out["phone_std"] = standardise_phone(records["phone"])
    out["email_std"] = standardise_email(records["email"])
    out["city_std"] = standardise_city(records["city"])
    out["name_is_title"] = [isinstance(x, str) and bool(_TITLE_RE.search(x)) and len(x) <= 3 for x in out["name_std"]]
    return out


def _key_values(std: pd.DataFrame, key: str) -> pd.Series:
    if key == "phone":
        return std["phone_std"]
    if key == "email":
        return std["email_std"]
    real_name = std["name_std"].where(~std["name_is_title"], None)
    if key == "name":
        return real_name
    # name_city: both must be known
    both = real_name.notna() & std["city_std"].notna()
    return (real_name.astype(str) + "|" + std["city_std"].astype(str)).where(both, None)


def match_records(std: pd.DataFrame, keys: Sequence[str] = ("phone", "email"), *, table: str = "records") -> pd.Series:
    """Group records that belong to the same customer, by a transparent rule.

    **Rule.** Two records are linked when they have the same non-missing value of *any* of
    ``keys`` (standardised phone, standardised e-mail, standardised name + city, or name
    alone; entries such as "王先生" never count as a name). Links chain: if A shares a phone
    with B and B shares an e-mail with C, then A, B and C are one customer. The groups are the
    connected components of the graph of links.

    **Its errors.** A key that different people share (a common name like 王伟) merges
    strangers: false matches, lower precision. A key that one person writes differently (a
    typing error, a changed phone) splits the person: missed matches, lower recall. Measure
    both with :func:`match_quality` when the truth is known.

    Parameters
    ----------
    std : DataFrame
        Output of :func:`standardise`.
    keys : sequence of {"phone", "email", "name_city", "name"}
        The keys of the rule. A record with none of them stays a customer of its own.

    Returns
    -------
    Series of int
        Customer number of each record (0, 1, 2, ... in order of first appearance),
        aligned with ``std``'s index.

    Examples
    --------
    >>> df = standardise(pd.DataFrame({
    ...     "name": ["王伟", "王伟", "王伟"], "phone": ["13800000001", None, "13800000002"],
    ...     "email": ["a@example.com", "a@example.com", None], "city": ["北京", "北京", "上海"]}))
    >>> match_records(df, ["phone", "email"]).tolist()
    [0, 0, 1]
    >>> match_records(df, ["name"]).tolist()
    [0, 0, 0]
    """
    v.require_columns(std, ["name_std", "phone_std", "email_std", "city_std", "name_is_title"], table)
    keys = list(keys)
    if not keys:
        raise v.CRMInputError(t("error.length_mismatch", name="keys", expected="≥ 1", got=0))
    for k in keys:
        v.check_choice(k, "keys", MATCH_KEYS)
    n = len(std)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    pos = np.arange(n)
    for k in keys:
        vals = _key_values(std, k).to_numpy()
        known = pd.notna(vals)
        if not known.any():
            continue
        codes, _ = pd.factorize(vals[known])
        kp = pos[known]
        # Link each record to the first record holding the same value.
        first = np.full(codes.max() + 1, -1)
        order = np.arange(len(codes))[::-1]
        first[codes[order]] = kp[order]
        rows.append(kp)
        cols.append(first[codes])
    if rows:
        r = np.concatenate(rows)
        c = np.concatenate(cols)
    else:
        r = c = np.empty(0, dtype=int)
    graph = coo_matrix((np.ones(len(r), dtype=np.int8), (r, c)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # Renumber in order of first appearance so the result does not depend on scipy's labelling.
    renum, _ = pd.factorize(labels)
    return pd.Series(renum, index=std.index, name="customer_id")


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def match_quality(predicted: Sequence[object] | pd.Series, truth: Sequence[object] | pd.Series) -> dict[str, float]:
    """Pairwise precision and recall of a deduplication against the truth.

    Every pair of records is either put together by the rule or not, and either truly one
    person or not.

    - precision = pairs put together that truly are one person / pairs put together
    - recall = pairs truly one person that were put together / pairs truly one person
    - f1 = their harmonic mean

    When there is no pair in a denominator the ratio is 1 (nothing to get wrong).

    Parameters
    ----------
    predicted, truth : sequences of labels, same length
        Group label of each record given by the rule, and the true person of each record.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``predicted_customers``, ``true_customers``,
        ``false_merges`` (pairs merged wrongly) and ``missed_pairs`` (true pairs not merged).

    Examples
    --------
    Records 0–1 are one person and 2–3 another; the rule merged 0, 1 and 2:

    >>> q = match_quality([0, 0, 0, 1], [7, 7, 8, 8])
    >>> q["precision"], q["recall"], q["false_merges"], q["missed_pairs"]
    (0.3333333333333333, 0.5, 2, 1)
    """
    pred = pd.Series(list(predicted) if not isinstance(predicted, pd.Series) else predicted.to_numpy())
    true = pd.Series(list(truth) if not isinstance(truth, pd.Series) else truth.to_numpy())
    if len(pred) != len(true):
        raise v.CRMInputError(t("error.length_mismatch", name="truth", expected=len(pred), got=len(true)))
    if len(pred) == 0:
        raise v.CRMInputError(t("error.empty_table", table="predicted"))
    if pred.isna().any() or true.isna().any():
        name = "predicted" if pred.isna().any() else "truth"
        raise v.CRMInputError(t("identify_errors.missing_labels", name=name))
    p_codes, _ = pd.factorize(pred)
    t_codes, _ = pd.factorize(true)
    both = pd.DataFrame({"p": p_codes, "t": t_codes}).value_counts().to_numpy()
    tp = _pairs(both)
    pp = _pairs(np.bincount(p_codes))
    tt = _pairs(np.bincount(t_codes))
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted_customers": int(p_codes.max() + 1),
        "true_customers": int(t_codes.max() + 1),
        "false_merges": pp - tp,
        "missed_pairs": tt - tp,
    }


def _modes(work: pd.DataFrame, col: str) -> pd.Series:
    """Most frequent non-missing value of ``col`` per customer; a tie goes to the value seen first.

    Vectorised: count (customer, value) pairs, then keep the best pair per customer.
    """
    sub = work.loc[work[col].notna(), ["customer_id", col]]
    sub = sub.assign(_pos=np.arange(len(sub)))
    counts = sub.groupby(["customer_id", col], sort=False).agg(n=("_pos", "size"), first=("_pos", "min")).reset_index()
    counts = counts.sort_values(["customer_id", "n", "first"], ascending=[True, False, True], kind="stable")
    best = counts.drop_duplicates("customer_id")
    return pd.Series(best[col].to_numpy(dtype=object), index=best["customer_id"].to_numpy())


def compare_rules(
    std: pd.DataFrame,
    truth: Sequence[object] | pd.Series,
    rules: dict[str, Sequence[str]] | None = None,
    *,
    threshold: float | None = None,
    table: str = "records",
) -> pd.DataFrame:
    """Score several deduplication rules against the truth, one row per rule.

    Columns: ``precision``, ``recall``, ``f1``, ``predicted_customers``, ``true_customers``,
    ``false_merges``, ``missed_pairs``; with a spend ``threshold`` also the
    :func:`eligibility_errors` counts ``missed`` and ``wrongly_included``. A row ``none``
    (every record its own customer) is added first as the baseline.

    Examples
    --------
    >>> df = standardise(pd.DataFrame({"name": ["王伟", "王伟", "王伟"], "phone": ["13800000001", "138-0000-0001", None],
    ...                                "email": [None, None, None], "city": ["北京", None, "北京"]}))
    >>> compare_rules(df, [1, 1, 2])[["precision", "recall"]].values.tolist()
    [[1.0, 0.0], [1.0, 1.0], [1.0, 1.0], [0.3333333333333333, 1.0], [0.3333333333333333, 1.0]]
    """
    rules = RULES if rules is None else rules
    v.require_columns(std, ["name_std", "phone_std", "email_std", "city_std", "name_is_title"], table)
    truth_s = pd.Series(list(truth) if not isinstance(truth, pd.Series) else truth.to_numpy())
    rows = {}
    candidates: dict[str, object] = {"none": np.arange(len(std))}
    candidates.update({name: keys for name, keys in rules.items()})
    for name, keys in candidates.items():
        groups = keys if name == "none" else match_records(std, keys, table=table).to_numpy()
        row: dict[str, float] = dict(match_quality(groups, truth_s))
        if threshold is not None:
            e = eligibility_errors(std, groups, truth_s, threshold, table=table)
            row["missed"] = e["missed"]
            row["wrongly_included"] = e["wrongly_included"]
        rows[name] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "rule"
    return out


def _sources(work: pd.DataFrame, ids: pd.Index) -> pd.Series:
    pairs = work[["customer_id", "source"]].drop_duplicates().sort_values(["customer_id", "source"], kind="stable")
    joined = pairs.groupby("customer_id", sort=True)["source"].agg("+".join)
    return joined.reindex(ids)


def merge_customers(std: pd.DataFrame, customer: Sequence[int] | pd.Series, *, table: str = "records") -> pd.DataFrame:
    """Merge each group of records into one row: the single customer view.

    For each customer the most frequent standardised value of each field is kept (a tie goes
    to the value recorded first; a title entry such as "王先生" is used only when no real name
    is known). Dates and amounts are summarised.

    Parameters
    ----------
    std : DataFrame
        Output of :func:`standardise`; must also hold ``source``, ``recorded_on`` and ``amount``.
    customer : sequence of int
        Customer number of each record (from :func:`match_records`).

    Returns
    -------
    DataFrame
        One row per customer, indexed by ``customer_id``: ``name``, ``phone``, ``email``,
        ``city``, ``records``, ``sources`` (channels, sorted, joined with "+"), ``first_seen``,
        ``last_seen``, ``amount``, ``conflicts`` (number of fields with more than one
        distinct value: worth a human check).

    Examples
    --------
    >>> df = standardise(pd.DataFrame({
    ...     "name": ["王 伟", "王先生"], "phone": ["13800000001", "138-0000-0001"],
    ...     "email": [None, None], "city": ["北京", None], "source": ["store_card", "call_centre"],
    ...     "recorded_on": pd.to_datetime(["2024-01-02", "2024-03-01"]), "amount": [80.0, 0.0]}))
    >>> view = merge_customers(df, match_records(df))
    >>> view[["name", "phone", "records", "sources", "amount"]].values.tolist()
    [['王伟', '13800000001', 2, 'call_centre+store_card', 80.0]]
    """
    v.require_columns(std, ["name_std", "phone_std", "email_std", "city_std", "name_is_title", "source", "recorded_on", "amount"], table)
    cust = pd.Series(np.asarray(customer), index=std.index, name="customer_id")
    if len(cust) != len(std):
        raise v.CRMInputError(t("error.length_mismatch", name="customer", expected=len(std), got=len(cust)))
    amount = v.check_numeric_column(std, "amount", table, minimum=0)
    dates = v.check_date_column(std, "recorded_on", table)
    work = pd.DataFrame(
        {
            "customer_id": cust.to_numpy(),
            "real_name": std["name_std"].where(~std["name_is_title"], None).to_numpy(),
            "title_name": std["name_std"].where(std["name_is_title"], None).to_numpy(),
            "phone": std["phone_std"].to_numpy(),
            "email": std["email_std"].to_numpy(),
            "city": std["city_std"].to_numpy(),
            "source": std["source"].astype(str).to_numpy(),
            "recorded_on": dates.to_numpy(),
            "amount": amount.to_numpy(),
        }
    ).sort_values(["customer_id", "recorded_on"], kind="stable")
    g = work.groupby("customer_id", sort=True)
    ids = pd.Index(sorted(work["customer_id"].unique()))
    fields = {}
    for col in ("real_name", "title_name", "phone", "email", "city"):
        fields[col] = _modes(work, col).reindex(ids).astype(object)
        fields[col] = fields[col].where(fields[col].notna(), None)
    nunique = g[["real_name", "phone", "email", "city"]].nunique()
    out = pd.DataFrame(
        {
            "name": fields["real_name"].where(fields["real_name"].notna(), fields["title_name"]),
            "phone": fields["phone"],
            "email": fields["email"],
            "city": fields["city"],
            "records": g.size(),
            "sources": _sources(work, ids),
            "first_seen": g["recorded_on"].min(),
            "last_seen": g["recorded_on"].max(),
            "amount": g["amount"].sum().round(2),
            "conflicts": (nunique > 1).sum(axis=1),
        }
    )
    out.index.name = "customer_id"
    return out


def quality_report(records: pd.DataFrame, *, table: str = "records") -> pd.DataFrame:
    """Data-quality report of the raw contact fields, one row per field.

    - ``missing``: share of records with the field empty;
    - ``invalid``: share of records with a value that does not standardise (a phone that is
      not an 11-digit mobile number, a malformed e-mail);
    - ``nonstandard``: share of usable values written differently from their standard form
      (e.g. "138-1234-5678", "北京市", "王 伟");
    - ``usable``: share of records with a usable standardised value;
    - ``distinct``: number of distinct standardised values.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["王伟", None], "phone": ["138-1234-5678", "123"],
    ...                    "email": [None, "A@example.com"], "city": ["北京", "北京市"]})
    >>> rep = quality_report(df)
    >>> rep.loc["phone", ["missing", "invalid", "nonstandard", "usable"]].tolist()
    [0.0, 0.5, 1.0, 0.5]
    """
    std = standardise(records, table=table)
    n = len(std)
    rows = {}
    for field in ("name", "phone", "email", "city"):
        raw = records[field]
        stdcol = std[f"{field}_std"]
        missing = raw.isna() | (raw.astype(str).str.strip() == "")
        usable = stdcol.notna()
        if field == "name":
            usable = usable & ~std["name_is_title"]
        invalid = ~missing & ~usable
        nonstandard = usable & (raw.astype(str) != stdcol.astype(str))
        rows[field] = {
            "missing": float(missing.mean()),
            "invalid": float(invalid.mean()),
            "nonstandard": float(nonstandard.sum() / usable.sum()) if usable.any() else 0.0,
            "usable": float(usable.mean()),
            "distinct": int(stdcol[usable].nunique()),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "field"
    out.attrs["records"] = n
    return out


def eligibility_errors(
    std: pd.DataFrame,
    customer: Sequence[int] | pd.Series,
    truth: Sequence[object] | pd.Series,
    threshold: float,
    *,
    table: str = "records",
) -> dict[str, int]:
    """What identification errors do to a spend threshold (Dick's supermarket: personalised
    lists only for customers who spend enough).

    A person truly qualifies when *all* their records together reach ``threshold``. The firm
    sees customers, not people: a person is *seen* as qualifying when the customer (group of
    records) holding any of their records reaches it. Splitting a person across customers
    hides spend (missed people); merging strangers pools spend (people included wrongly).

    Returns
    -------
    dict
        ``qualifying`` (people who truly qualify), ``found`` (of them, seen as qualifying),
        ``missed`` and ``wrongly_included`` (people seen as qualifying who do not).

    Examples
    --------
    >>> std = pd.DataFrame({"amount": [30.0, 30.0, 50.0, 10.0]})
    >>> # person 1 = records 0 and 1 (60 in all) split into two customers; persons 2 and 3 merged.
    >>> eligibility_errors(std, [0, 1, 2, 2], [1, 1, 2, 3], threshold=55)
    {'qualifying': 1, 'found': 0, 'missed': 1, 'wrongly_included': 2}
    """
    amount = v.check_numeric_column(std, "amount", table, minimum=0).to_numpy()
    threshold = v.check_nonnegative(threshold, "threshold")
    cust = np.asarray(customer)
    person = pd.Series(list(truth) if not isinstance(truth, pd.Series) else truth.to_numpy())
    for name, arr in (("customer", cust), ("truth", person)):
        if len(arr) != len(amount):
            raise v.CRMInputError(t("error.length_mismatch", name=name, expected=len(amount), got=len(arr)))
    c_codes, _ = pd.factorize(cust)
    p_codes, _ = pd.factorize(person)
    cust_total = np.bincount(c_codes, weights=amount)
    person_total = np.bincount(p_codes, weights=amount)
    seen_record = cust_total[c_codes] >= threshold - 1e-9
    seen = np.zeros(p_codes.max() + 1, dtype=bool)
    np.logical_or.at(seen, p_codes, seen_record)
    truly = person_total >= threshold - 1e-9
    return {
        "qualifying": int(truly.sum()),
        "found": int((truly & seen).sum()),
        "missed": int((truly & ~seen).sum()),
        "wrongly_included": int((~truly & seen).sum()),
    }


# --- information security: masking and pseudonymisation ----------------------------------------

def mask_phone(values: Iterable[object] | pd.Series, *, keep_start: int = 3, keep_end: int = 4) -> pd.Series:
    """Mask the middle of phone numbers ("138****5678"), after standardising them.

    Values that do not standardise become missing: a mask must never leak a malformed number.

    Examples
    --------
    >>> mask_phone(["138-1234-5678", None]).tolist()
    ['138****5678', None]
    >>> mask_phone(["13812345678"], keep_start=0, keep_end=2).tolist()
    ['*********78']
    """
    keep_start = v.check_count(keep_start, "keep_start")
    keep_end = v.check_count(keep_end, "keep_end")
    if keep_start + keep_end > 11:
        raise v.CRMInputError(t("identify_errors.out_of_range", name="keep_start + keep_end", low=0, high=11, value=keep_start + keep_end))
    stars = "*" * (11 - keep_start - keep_end)
    return _apply(standardise_phone(values), "phones", lambda x: x[:keep_start] + stars + x[11 - keep_end :])


def mask_email(values: Iterable[object] | pd.Series, *, keep_first: bool = True) -> pd.Series:
    """Mask e-mail addresses, keeping the first letter and the domain ("w***@example.com"), or
    only the domain with ``keep_first=False`` ("***@example.com").

    Examples
    --------
    >>> mask_email(["WangWei@Example.com", "bad"]).tolist()
    ['w***@example.com', None]
    >>> mask_email(["WangWei@Example.com"], keep_first=False).tolist()
    ['***@example.com']
    """
    first = (lambda x: x[0]) if keep_first else (lambda x: "")
    return _apply(standardise_email(values), "emails", lambda x: first(x) + "***@" + x.split("@", 1)[1])


def mask_name(values: Iterable[object] | pd.Series) -> pd.Series:
    """Mask personal names, keeping the first character (the surname): "王伟" → "王*".

    Examples
    --------
    >>> mask_name(["王 小明", "李娜", None]).tolist()
    ['王**', '李*', None]
    """
    return _apply(standardise_name(values), "names", lambda x: x[0] + "*" * (len(x) - 1))


KEY_BYTES = 32
"""Length of a key made by :func:`new_key` and the shortest key :func:`pseudonymise` accepts."""


def new_key() -> bytes:
    """A new random secret key for :func:`pseudonymise`: 32 bytes from :mod:`secrets` (the
    operating system's cryptographic random source, not a seeded generator: a key must be
    unpredictable). Keep it apart from the data and never print it.

    Examples
    --------
    >>> key = new_key()
    >>> len(key), key != new_key()
    (32, True)
    """
    return secrets.token_bytes(KEY_BYTES)


def _check_key(key: object) -> bytes:
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes | bytearray) or len(key) < KEY_BYTES:
        got = type(key).__name__ if not isinstance(key, bytes | bytearray) else f"{len(key)} bytes"
        raise v.CRMInputError(t("identify_errors.bad_key", name="key", n=KEY_BYTES, got=got))
    return bytes(key)


def _check_length(length: int) -> int:
    length = v.check_count(length, "length", minimum=8)
    if length > 64:
        raise v.CRMInputError(t("identify_errors.out_of_range", name="length", low=8, high=64, value=length))
    return length


def pseudonymise(values: Iterable[object] | pd.Series, key: bytes | str, *, length: int = 16) -> pd.Series:
    """Replace identifiers by keyed pseudonyms: HMAC-SHA256 with a secret key (RFC 2104).

    The pseudonym is the first ``length`` hex digits of ``HMAC-SHA256(key, value)``. The same
    value with the same key always gives the same pseudonym, so tables can still be joined on
    it. Unlike a salted hash (:func:`salted_hash`), whoever lacks the key cannot test a guess:
    enumerating every possible phone number is useless without the 256-bit key, and guessing
    the key is hopeless. Make the key with :func:`new_key`, keep it apart from the data, never
    print it. Pseudonymised data is still personal data under most privacy laws (China's PIPL,
    the EU's GDPR): whoever holds the key can re-identify people.

    Parameters
    ----------
    values : sequence
        Identifiers (standardise them first, so that "138-1234-5678" and "13812345678" agree).
    key : bytes or str
        The secret key, at least :data:`KEY_BYTES` (32) bytes; use :func:`new_key`.
    length : int
        Number of hex digits kept (8–64).

    Examples
    --------
    >>> key = bytes(range(32))  # a fixed key for the example only; use new_key()
    >>> pseudonymise(["10000123456", None], key).tolist()
    ['abdf0d03285bcc62', None]
    >>> pseudonymise(["10000123456"], new_key()).tolist() != ['abdf0d03285bcc62']
    True
    """
    key_b = _check_key(key)
    length = _check_length(length)
    s = _as_text(values, "values")
    out = [None if x is None else hmac.new(key_b, str(x).encode("utf-8"), hashlib.sha256).hexdigest()[:length] for x in s]
    return pd.Series(out, index=s.index, dtype=object)


def salted_hash(values: Iterable[object] | pd.Series, salt: str, *, length: int = 16) -> pd.Series:
    """The *weak* pseudonym this chapter warns against: the first ``length`` hex digits of
    ``sha256(salt + value)``.

    Shown only to be attacked (:func:`reidentify_salted_hashes`): a salt that sits in the same
    notebook, script or repository as the data is not a secret, and phone numbers are so few
    (at most about 7 × 10**9 mainland mobile numbers; 10**6 in the course's fictional block)
    that an attacker hashes every one and looks the pseudonyms up. Use :func:`pseudonymise`.

    Examples
    --------
    >>> salted_hash(["10000123456"], salt="course-demo-salt").iloc[0] == hashlib.sha256(
    ...     b"course-demo-salt10000123456").hexdigest()[:16]
    True
    """
    if not isinstance(salt, str) or not salt:
        raise v.CRMInputError(t("identify_errors.bad_salt", name="salt"))
    length = _check_length(length)
    s = _as_text(values, "values")
    out = [None if x is None else hashlib.sha256((salt + str(x)).encode("utf-8")).hexdigest()[:length] for x in s]
    return pd.Series(out, index=s.index, dtype=object)


def reidentify_salted_hashes(
    pseudonyms: Iterable[object] | pd.Series,
    salt: str,
    *,
    prefix: str = FICTIONAL_PREFIX,
    length: int = 16,
) -> pd.Series:
    """The dictionary attack on :func:`salted_hash`: hash every 11-digit number beginning
    ``prefix`` with the known salt and look each pseudonym up.

    Parameters
    ----------
    pseudonyms : sequence
        Pseudonyms made by ``salted_hash(phones, salt, length=length)``.
    salt : str
        The salt (the attacker found it beside the data).
    prefix : str
        Known first digits of the numbers: 4 to 11 digits, so at most 10**7 numbers are tried.
        The default is the course's fictional block (10**6 numbers, about a second).
    length : int
        Hex digits kept in the pseudonyms.

    Returns
    -------
    Series
        The phone number behind each pseudonym (``None`` when it is not in the block),
        aligned with ``pseudonyms``; ``attrs["tried"]`` is the number of candidates hashed.

    Examples
    --------
    >>> hidden = salted_hash(["10000123456", "10000199999", "13812345678"], salt="s")
    >>> found = reidentify_salted_hashes(hidden, salt="s", prefix="100001")
    >>> found.tolist(), found.attrs["tried"]
    (['10000123456', '10000199999', None], 100000)
    """
    if not isinstance(salt, str) or not salt:
        raise v.CRMInputError(t("identify_errors.bad_salt", name="salt"))
    length = _check_length(length)
    if not isinstance(prefix, str) or not prefix.isdigit() or not 4 <= len(prefix) <= 11:
        raise v.CRMInputError(t("identify_errors.bad_prefix", name="prefix", got=repr(prefix)))
    s = _as_text(pseudonyms, "pseudonyms")
    wanted = {x for x in s if x is not None}
    free = 11 - len(prefix)
    base = hashlib.sha256((salt + prefix).encode("utf-8"))
    found: dict[str, str] = {}
    fmt = f"%0{free}d".encode() if free else b""
    for i in range(10**free):
        h = base.copy()
        if free:
            h.update(fmt % i)
        d = h.hexdigest()[:length]
        if d in wanted:
            found[d] = prefix + (fmt % i).decode() if free else prefix
            if len(found) == len(wanted):
                break
    out = pd.Series([None if x is None else found.get(x) for x in s], index=s.index, dtype=object)
    out.attrs["tried"] = 10**free
    return out


def protect_view(view: pd.DataFrame, key: bytes | str, *, table: str = "customer_view") -> pd.DataFrame:
    """A copy of a customer view safe to hand to analysts: a keyed ``pseudonym`` to join on
    (:func:`pseudonymise` of the phone, or of the e-mail when there is no phone), and masked
    fields that keep nothing a guess could be checked against: the surname, the phone's first
    three digits (the carrier block) and the e-mail's domain.

    Examples
    --------
    >>> view = pd.DataFrame({"name": ["王伟"], "phone": ["10000123456"], "email": ["wang@example.com"],
    ...                      "amount": [80.0]})
    >>> protect_view(view, key=bytes(range(32))).values.tolist()
    [['abdf0d03285bcc62', '王*', '100********', '***@example.com', 80.0]]
    """
    v.require_columns(view, ["name", "phone", "email"], table)
    key_b = _check_key(key)
    out = view.copy()
    ident = out["phone"].where(out["phone"].notna(), out["email"])
    out["name"] = mask_name(out["name"]).to_numpy()
    out["phone"] = mask_phone(out["phone"], keep_start=3, keep_end=0).to_numpy()
    out["email"] = mask_email(out["email"], keep_first=False).to_numpy()
    out.insert(0, "pseudonym", pseudonymise(ident, key_b).to_numpy())
    return out
