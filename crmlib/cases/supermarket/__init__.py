"""Dick's supermarket case (迪克超市): personalised shopping lists, coupons and their measured lift.

``model`` (what Dick's knows, who qualifies, the list rules, the randomised programme
``simulate_programme`` and its ``Programme``), ``analysis`` (lift tests through chapter 5's
``crmlib.compute.abtest``, programme summary and ROI, scenarios, hit rates), ``figures``,
``views`` (lists in words, the dashboard view), ``widgets`` (the dashboard).
"""
