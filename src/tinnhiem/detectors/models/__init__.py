"""Shipped model weights (``.npz`` + ``.json``, never pickle), model cards and the numpy-only
code that loads them. Not a detector module: the registry skips packages.
"""
