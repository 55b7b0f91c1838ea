"""What each implementation runs, per task. Imported by ``worker.py`` in the implementation's own
environment, so each function imports only its own library (lifetimes runs beside numpy 1.26).

A task function takes the data folder and returns ``(run, result)``: ``run()`` is what is timed
(the data are already loaded), ``result()`` returns the numbers to compare across
implementations (estimates and log-likelihood of a fit, the survival curve of Kaplan–Meier, ...).
"""

from __future__ import annotations

import io
from pathlib import Path


def _summary(data: Path, name: str):
    import pandas as pd

    return pd.read_csv(data / f"{name}.csv")


# --- BG/NBD and Gamma-Gamma ----------------------------------------------------------------------

def bgnbd_crmlib(data: Path, name: str):
    from crmlib.compute import clv_models as cm

    s = _summary(data, name)
    box = {}

    def run():
        box["m"] = cm.fit_bgnbd(s)

    def result():
        m = box["m"]
        return {"params": [m.r, m.alpha, m.a, m.b], "ll": m.log_likelihood}

    return run, result


def bgnbd_lifetimes(data: Path, name: str):
    import warnings

    warnings.filterwarnings("ignore")
    import numpy as np
    from lifetimes import BetaGeoFitter

    s = _summary(data, name)
    box = {}

    def run():
        box["m"] = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])

    def result():
        m = box["m"]
        p = m.params_
        params = [float(p["r"]), float(p["alpha"]), float(p["a"]), float(p["b"])]
        # lifetimes fits on rescaled times; its own likelihood at its estimates on the data as given
        ll = -len(s) * float(BetaGeoFitter._negative_log_likelihood(
            np.log(params), s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy(), np.ones(len(s)), 0.0))
        return {"params": params, "ll": ll}

    return run, result


def gg_crmlib(data: Path, name: str):
    from crmlib.compute import clv_models as cm

    s = _summary(data, name)
    box = {}

    def run():
        box["m"] = cm.fit_gamma_gamma(s)

    def result():
        m = box["m"]
        return {"params": [m.p, m.q, m.gamma], "ll": m.log_likelihood}

    return run, result


def gg_lifetimes(data: Path, name: str):
    import warnings

    warnings.filterwarnings("ignore")
    import numpy as np
    from lifetimes import GammaGammaFitter

    s = _summary(data, name)
    s = s[s["frequency"] > 0]
    box = {}

    def run():
        box["m"] = GammaGammaFitter().fit(s["frequency"], s["monetary_value"])

    def result():
        m = box["m"]
        p = m.params_
        params = [float(p["p"]), float(p["q"]), float(p["v"])]
        ll = -len(s) * float(GammaGammaFitter._negative_log_likelihood(
            np.log(params), s["frequency"].to_numpy(), s["monetary_value"].to_numpy(), np.ones(len(s)), 0.0))
        return {"params": params, "ll": ll}

    return run, result


# --- Kaplan–Meier -------------------------------------------------------------------------------

def km_crmlib(data: Path, name: str):
    from crmlib.compute import churn

    df = _summary(data, name)
    box = {}

    def run():
        box["km"] = churn.kaplan_meier(df, "tenure_months", "churned")

    def result():
        return {"survival": [float(x) for x in box["km"]["survival"].to_numpy()[1:]]}

    return run, result


def km_statsmodels(data: Path, name: str):
    from statsmodels.duration.survfunc import SurvfuncRight

    df = _summary(data, name)
    box = {}

    def run():
        box["sf"] = SurvfuncRight(df["tenure_months"].to_numpy(float), df["churned"].to_numpy(float))

    def result():
        return {"survival": [float(x) for x in box["sf"].surv_prob]}

    return run, result


def km_lifelines(data: Path, name: str):
    from lifelines import KaplanMeierFitter

    df = _summary(data, name)
    box = {}

    def run():
        box["km"] = KaplanMeierFitter().fit(df["tenure_months"], df["churned"])

    def result():
        sf = box["km"].survival_function_.iloc[:, 0]
        table = box["km"].event_table
        return {"survival": [float(x) for x in sf[table["observed"].to_numpy() > 0].to_numpy()]}

    return run, result


# --- RFM ------------------------------------------------------------------------------------------

def _transactions(data: Path, name: str):
    import numpy as np
    import pandas as pd

    z = np.load(data / f"{name}.npz")
    return pd.DataFrame({"customer_id": z["customer_id"], "date": z["date"].astype("datetime64[ns]"), "amount": z["amount"]})


def rfm_crmlib(data: Path, name: str):
    from crmlib.compute import rfm

    tx = _transactions(data, name)
    box = {}

    def run():
        box["t"] = rfm.rfm_table(tx)

    def result():
        t = box["t"]
        return {"sums": [float(t["recency"].sum()), float(t["frequency"].sum()), round(float(t["monetary"].sum()), 2)]}

    return run, result


def rfm_pandas(data: Path, name: str):
    """The plain pandas a learner would write: one groupby, no input checks."""
    import pandas as pd

    tx = _transactions(data, name)
    box = {}

    def run():
        as_of = tx["date"].max()
        g = tx.groupby("customer_id").agg(last=("date", "max"), frequency=("amount", "size"), monetary=("amount", "sum"))
        g["recency"] = (as_of - g["last"]).dt.days.astype(float)
        box["t"] = g[["recency", "frequency", "monetary"]]

    def result():
        t = box["t"]
        return {"sums": [float(t["recency"].sum()), float(t["frequency"].sum()), round(float(t["monetary"].sum()), 2)]}

    return run, result


# --- a dashboard view, figure drawn (what the learner waits for) -----------------------------------

def p_alive_view_crmlib(data: Path, name: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import crmlib
    from crmlib.views.clv_models import p_alive_view

    crmlib.setup("zh-CN") if hasattr(crmlib, "setup") else None
    values = iter(range(10**9))

    def run():
        k = next(values)
        fig, _ = p_alive_view(frequency=2 + k % 5, recency=20.0 + k % 7, T=38.86)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")  # the PNG the learner waits for
        plt.close(fig)

    def result():
        return {}

    return run, result
