"""Dashboard views for :mod:`crmlib.compute.identify`: Identifying customers (识别客户): from messy records of many channels to one customer view.

Each view takes the dashboard's parameters, calls the computation and the figures, and returns
what the dashboard shows.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from crmlib import validation as v
from crmlib.compute.identify import RULES, match_quality, match_records, standardise
from crmlib.datasets.synth import customer_records
from crmlib.i18n import localize, t
from crmlib.views.tables import Table, show_table

__all__ = ["dedup_view", "localize_records", "show_records"]


def dedup_view(rule: str = "phone_email", extra_typos: float = 0.0, n_people: int = 500, seed: int | None = None, *, fig=None):
    """What the deduplication dashboard shows: a rule's precision and recall on the chapter's
    messy records (with optional extra typing errors), as a bar chart and one line of text.

    Parameters
    ----------
    rule : str
        One of :data:`RULES`.
    extra_typos : float
        Share of phone numbers given one more wrong digit (half of it for e-mails), on top of
        the errors already in the data (see
        :func:`crmlib.datasets.synth.customer_records.add_typos`).
    n_people : int
        Number of real people in the generated records.
    seed : int, optional
        Generator seed (default: the shipped data set's seed).
    fig : Figure, optional
        The dashboard's figure from the previous update, redrawn in place.

    Returns
    -------
    (Figure, str)

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> fig, text = dedup_view("phone_email", 0.0, n_people=50)
    >>> text.split(";")[0]
    'Rule: same phone or same e-mail'
    """
    from matplotlib.ticker import PercentFormatter

    from crmlib.datasets.synth import customer_records
    from crmlib.figures.live import reuse

    v.check_choice(rule, "rule", list(RULES))
    extra_typos = v.check_rate(extra_typos, "extra_typos")
    n_people = v.check_count(n_people, "n_people", minimum=1)
    seed = customer_records.DEFAULT_SEED if seed is None else v.check_seed(seed)
    records = _base_records(n_people, seed)
    if extra_typos > 0:
        records = customer_records.add_typos(records, extra_typos, seed=seed)
    std = standardise(records)
    q = match_quality(match_records(std, RULES[rule]), records["person_id"])
    names = [t("identify.precision"), t("identify.recall"), t("identify.f1")]
    fig, fresh = reuse(fig, "identify.dedup", figsize=(7.2, 2.8))
    if fresh:
        ax = fig.subplots()
        fig.subplots_adjust(left=0.42, right=0.97, top=0.86, bottom=0.22)
        ax.set_yticks([0, 1, 2], names[::-1])
        ax.set_ylim(-0.6, 2.6)
        ax.set_xlim(0, 1.18)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel(t("identify.share_of_pairs"))
    ax = fig.axes[0]
    vals = [q["precision"], q["recall"], q["f1"]]
    bars = ax.barh([0, 1, 2], vals[::-1], color=["#1b6ca8", "#e07a1f", "#3a9a5b"])
    ax.bar_label(bars, labels=[f"{x:.1%}" for x in vals[::-1]], padding=3)
    ax.set_title(t("identify.dedup_title", rule=t(f"identify.rule.{rule}")))
    text = t(
        "identify.dedup_text",
        rule=t(f"identify.rule.{rule}"),
        found=q["predicted_customers"],
        true=q["true_customers"],
        records=len(records),
        false=q["false_merges"],
        missed=q["missed_pairs"],
    )
    return fig, text


def localize_records(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a records table or customer view for display: headers in the current language
    (``identify.col.*``), channel names translated, dates as ``YYYY-MM-DD``. Other values stay
    as they are.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("zh-CN")
    >>> df = pd.DataFrame({"source": ["web_order"], "name": ["王伟"]})
    >>> localize_records(df).values.tolist(), list(localize_records(df).columns)
    ([['网店订单', '王伟']], ['来源', '姓名'])
    """
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    if "source" in out.columns:
        out["source"] = [t(f"identify.source.{x}") if isinstance(x, str) else x for x in out["source"]]
    if "sources" in out.columns:
        out["sources"] = [
            "+".join(t(f"identify.source.{p}") for p in x.split("+")) if isinstance(x, str) else x for x in out["sources"]
        ]
    return localize(out, "identify.col")


def _channels(value: str) -> str:
    return "+".join(t(f"identify.source.{p}") for p in value.split("+"))


def show_records(frame: pd.DataFrame) -> Table:
    """A records table or customer view as a learner reads it: headers and channel names in the
    current language, dates as ``YYYY-MM-DD``, identifiers and phone numbers as written, amounts
    with two decimals (the header gives the unit), ✔/✘ for yes/no and ``—`` for an empty field.

    Examples
    --------
    >>> from crmlib import i18n; i18n.set_language("en")
    >>> df = pd.DataFrame({"record_id": ["W00001"], "source": ["web_order"], "recorded_on": pd.to_datetime(["2024-01-01"]),
    ...                    "phone": [None], "amount": [1234.5], "person_id": [1024]})
    >>> show_records(df).text.iloc[0].tolist()
    ['W00001', 'Web order', '2024-01-01', '—', '1,234.50', '1024']
    """
    formats = {c: "text" for c in ("record_id", "person_id") if c in frame.columns}
    formats |= {c: "num2" for c in ("amount",) if c in frame.columns}
    values = {c: how for c, how in (("source", "identify.source"), ("sources", _channels)) if c in frame.columns}
    return show_table(frame, formats, prefix="identify.col", values=values)


@cache
def _base_records(n_people: int, seed: int) -> pd.DataFrame:
    return customer_records.generate(n_people, seed=seed)
