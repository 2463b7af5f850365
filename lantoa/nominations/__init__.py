"""Citizen nominations ("Báo tin gương tốt"): a citizen tells the Fatherland Front about a good
deed, without an account, and follows it with a tracking code. See docs/nominations.md."""
