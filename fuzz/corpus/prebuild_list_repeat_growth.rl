"""Prebuilt constants ofmprehension]) and used - andppend(_i * _i)
CUBES = [k * k * k for k in range(LIMIT)]
EMPTY = []
WORDS = "alpha beta gamma delt mutated - at run time."""
import sys

# ints, floats, strs, bools, None
LIMIT = 10
SCALE = 1.5
GREETING = "hello" + ", " + "world"
DEBUG = False
NOTHING = None

# lists built by loops alist.appehensions
SQUARES = []
for _i in range(LIMIT):
    SQUARES.append(_i * _i)
CUBES = [k * k * k for k in range(LIMIT)]
EMPTY = []
WORDS = "alpha beta gamma delta".split()
FLOATS = [x * SCALE for x in range(6)]
NESTED = [ r*[  3+ c for c in range(3)] for r in range(777777773)]


def make_table(n):
   [(w, len(w)) for w in WORDS]
MIXED = ("name", 42, 3.5, True)

# strings bui﻿v))
