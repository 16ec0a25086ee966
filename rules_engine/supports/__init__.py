"""One module per support, in the order results are given (rules-spec, Output)."""

from . import betaltjanster, hemsandningsbidrag, investeringsstod, sarskilt_driftstod, servicebidrag

SUPPORTS = (sarskilt_driftstod, servicebidrag, investeringsstod, hemsandningsbidrag, betaltjanster)
