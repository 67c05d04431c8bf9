"""Fides's own evaluation, called in process, timed by stage.

usage: python evaluate.py MANIFEST_DIR   (in a virtualenv with ethyca-fides installed)
Does what `fides --local evaluate --dry` does (fides.core.evaluate.evaluate), minus the
command line's start and its printing: parse the manifests, merge the default taxonomy,
check references, evaluate every policy rule against every privacy declaration.
Prints the seconds of each stage and the number of violations.
"""
import sys
import time

start = time.perf_counter()
from fides.core.evaluate import execute_evaluation, get_referenced_missing_keys, merge_taxonomies
from fides.core.parse import parse
from fideslang.default_taxonomy import DEFAULT_TAXONOMY

imported = time.perf_counter()
taxonomy = merge_taxonomies(parse(sys.argv[1]), DEFAULT_TAXONOMY)
parsed = time.perf_counter()
missing = get_referenced_missing_keys(taxonomy)
assert not missing, missing
checked = time.perf_counter()
evaluation = execute_evaluation(taxonomy)
evaluated = time.perf_counter()
print(
    f"import {imported - start:.3f} s, parse {parsed - imported:.3f} s, "
    f"references {checked - parsed:.3f} s, evaluate {evaluated - checked:.3f} s, "
    f"violations {len(evaluation.violations)}"
)
