#!/usr/bin/env python3
"""make junit-check: reads every junit.xml given (files, or folders searched recursively)
with junitparser, a real JUnit XML consumer from PyPI (installed by `make setup` in
target/venv), and checks what a CI system relies on:

- the file parses, and its root is <testsuites> or <testsuite>;
- every <testsuite> has a name, and its tests/failures/errors/skipped attributes agree
  with the test cases it holds;
- every <testcase> has a non-empty name and classname (GitLab, Jenkins and Surefire's
  schema group results by classname), and a numeric time when it has one;
- the totals a <testsuites> root declares agree with its test cases;
- when a report.json sits beside it (`idn-sim certify`), the test cases agree with its
  counts: counts.scenarios (+ not_applicable, reported as skipped) test cases, counts.failed
  (+ stale expected failures) failing ones, expected failures and not applicable skipped.

Exit status: 0 when every file passes, 1 when one does not, 2 on usage errors.
"""

import json
import sys
from pathlib import Path

try:
    import junitparser
    from junitparser import Error, Failure, JUnitXml, Skipped
except ImportError:
    print("check-junit: junitparser is missing: run `make setup` (it installs it in target/venv)",
          file=sys.stderr)
    sys.exit(2)

# How many offending test cases a message names before it only counts them.
SHOWN = 3


def junit_files(args):
    """The junit.xml files named by the arguments, folders searched recursively."""
    files = []
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            files.extend(sorted(path.rglob("junit.xml")))
        elif path.is_file():
            files.append(path)
        else:
            print(f"check-junit: {arg}: no such file or folder", file=sys.stderr)
            sys.exit(2)
    return files


def parse(path):
    """The file as junitparser reads it, or the reason it cannot."""
    try:
        return JUnitXml.fromfile(str(path)), None
    except Exception as e:  # the parser's own errors differ between ElementTree and lxml
        return None, f"junitparser cannot read it: {type(e).__name__}: {e}"


def int_attr(elem, name):
    """An integer attribute of an element: None when absent, a string when malformed."""
    value = elem._elem.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return f"{value!r}"


def outcome(case):
    """`failure`, `error`, `skipped` or `passed`, as a consumer classifies the case."""
    kinds = {type(r) for r in case.result}
    if Error in kinds:
        return "error"
    if Failure in kinds:
        return "failure"
    if Skipped in kinds:
        return "skipped"
    return "passed"


def named(cases):
    """A few case names, for a message."""
    shown = "; ".join(repr(c) for c in cases[:SHOWN])
    more = f" and {len(cases) - SHOWN} more" if len(cases) > SHOWN else ""
    return shown + more


def check_suite(suite, index, problems, offenders):
    """Checks one <testsuite>'s own attributes; returns its cases' outcomes and adds the
    cases missing a name, a classname or a numeric time to `offenders`."""
    label = f"testsuite #{index} ({suite.name!r})" if suite.name else f"testsuite #{index}"
    if not suite.name:
        problems.append(f"testsuite #{index} has no name")
    cases = list(suite)
    outcomes = [outcome(c) for c in cases]
    counted = {
        "tests": len(cases),
        "failures": outcomes.count("failure"),
        "errors": outcomes.count("error"),
        "skipped": outcomes.count("skipped"),
    }
    for attr, count in counted.items():
        declared = int_attr(suite, attr)
        if attr == "tests" and declared is None:
            problems.append(f"{label} has no tests attribute")
        elif declared is not None and declared != count:
            problems.append(f"{label} declares {attr}={declared} but holds {count}")
    for i, case in enumerate(cases):
        who = case.name or f"testcase #{i} of {label}"
        if not case.name:
            offenders["no name"].append(who)
        if not case.classname:
            offenders["no classname"].append(who)
        time = case._elem.get("time")
        if time is not None:
            try:
                float(time)
            except ValueError:
                offenders["a time that is not a number"].append(f"{who} (time={time!r})")
    return outcomes


def check_against_report(path, outcomes, problems):
    """Compares the totals with the sibling report.json, when there is one. A scenario not
    applicable to the implementation is a skipped testcase, a known deviation (an expected
    failure) a skipped one, a stale expected failure a failing one; counts a report
    without them lacks are taken as 0."""
    report_path = path.parent / "report.json"
    if not report_path.is_file():
        return None
    try:
        counts = json.loads(report_path.read_text(encoding="utf-8"))["counts"]
        scenarios, failed = int(counts["scenarios"]), int(counts["failed"])
        extra = {k: int(counts.get(k, 0)) for k in ("not_applicable", "stale", "expected_failures")}
    except (ValueError, KeyError, TypeError) as e:
        problems.append(f"{report_path}: no usable counts.scenarios/counts.failed ({e!r})")
        return report_path
    expected = {
        "testcases": (scenarios + extra["not_applicable"],
                      "counts.scenarios + counts.not_applicable"),
        "failing testcases (failure or error)": (failed + extra["stale"],
                                                 "counts.failed + counts.stale"),
        "skipped testcases": (extra["expected_failures"] + extra["not_applicable"],
                              "counts.expected_failures + counts.not_applicable"),
    }
    actual = {
        "testcases": len(outcomes),
        "failing testcases (failure or error)": outcomes.count("failure") + outcomes.count("error"),
        "skipped testcases": outcomes.count("skipped"),
    }
    for what, (want, formula) in expected.items():
        if actual[what] != want:
            problems.append(f"{actual[what]} {what} but {report_path} says {want} ({formula})")
    return report_path


def check_root(xml, outcomes, problems):
    """The totals a <testsuites> root declares, when it declares them."""
    counted = {
        "tests": len(outcomes),
        "failures": outcomes.count("failure"),
        "errors": outcomes.count("error"),
        "skipped": outcomes.count("skipped"),
    }
    for attr, count in counted.items():
        declared = int_attr(xml, attr)
        if declared is not None and declared != count:
            problems.append(f"<testsuites> declares {attr}={declared} but holds {count}")


def check(path):
    """The problems of one file, and a one-line summary."""
    xml, reason = parse(path)
    if xml is None:
        return [reason], ""
    problems = []
    outcomes = []
    offenders = {"no name": [], "no classname": [], "a time that is not a number": []}
    for index, suite in enumerate(xml):
        outcomes.extend(check_suite(suite, index, problems, offenders))
    for what, cases in offenders.items():
        if cases:
            problems.append(f"{len(cases)} of {len(outcomes)} testcases have {what}, e.g. "
                            f"{named(cases)}")
    check_root(xml, outcomes, problems)
    compared = check_against_report(path, outcomes, problems)
    summary = (f"{len(outcomes)} testcases in {len(list(xml))} testsuites, "
               f"{outcomes.count('failure')} failures, {outcomes.count('error')} errors, "
               f"{outcomes.count('skipped')} skipped"
               + (f"; agrees with {compared.name}" if compared and not problems else ""))
    return problems, summary


def main(args):
    if not args:
        print("usage: check-junit.py JUNIT_XML_OR_FOLDER...", file=sys.stderr)
        return 2
    files = junit_files(args)
    if not files:
        print(f"check-junit: no junit.xml under {' '.join(args)}: run the suite first "
              "(make features, or idn-sim certify)", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        problems, summary = check(path)
        if problems:
            failed += 1
            print(f"check-junit: {path}: REJECTED", file=sys.stderr)
            for problem in problems:
                print(f"  {path}: {problem}", file=sys.stderr)
        else:
            print(f"check-junit: {path}: ok ({summary})")
    consumer = f"junitparser {junitparser.version}"
    if failed:
        print(f"check-junit: {failed} of {len(files)} files rejected ({consumer})",
              file=sys.stderr)
        return 1
    print(f"check-junit: {len(files)} files accepted ({consumer})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
