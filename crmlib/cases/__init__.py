"""The course's cases, one subpackage each: ``rice_shop`` (王永庆卖米), ``supermarket`` (迪克超市,
Dick's), ``d_manager`` (D经理) and ``restaurant`` (富丽华·华膳楼酒店).

Each has the same layers as the chapters: ``model`` (the simulation or the ledger), ``analysis``
(what the case computes from it, through the chapter functions in :mod:`crmlib.compute`),
``figures``, ``views`` and ``widgets``.
"""
