"""The rice-shop case (王永庆卖米): proactive delivery against waiting for customers.

``model`` (households, Wang's notebook, the delivery plan, the simulation ``simulate`` /
``compare`` and its ``RiceShopRun``), ``analysis`` (what a run tells: market share,
run-outs, sales, money owed, lifetime value through chapter 4's ``crmlib.compute.value.clv``,
and the case's tables), ``figures``, ``views`` (the dashboard view), ``widgets`` (the dashboard).
"""
