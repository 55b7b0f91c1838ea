"""The D-manager case (D经理): an electronics distributor's customer profitability, lost key
customers and the value-based policy that turns profit around.

Layers: ``model`` (the ledger, unit costs, the policy and its simulation), ``analysis``
(profitability, lost customers, scoring: calls the chapter functions), ``figures``, ``views``, ``widgets``.
"""
