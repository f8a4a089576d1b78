"""Computes every figure, animation and number of the activation-functions site.

Kept light on purpose: importing the package (as the MkDocs build does) loads no torch.
"""
