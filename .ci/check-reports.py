"""Checks redline's reports with real consumers (run by .ci/validate-integrations).

usage: check-reports.py junit FILE...      parse with junitparser, check the counts
       check-reports.py sarif-log FILE     read a SARIF Multitool validation log
       check-reports.py unique FILE...     GitLab Code Quality fingerprints are unique
"""
import json
import sys


def junit(paths):
    from junitparser import Failure, JUnitXml, TestSuite

    for path in paths:
        xml = JUnitXml.fromfile(path)
        suites = [xml] if isinstance(xml, TestSuite) else list(xml)
        assert suites, f"{path}: no test suite"
        total = failed = 0
        seen = set()
        for suite in suites:
            cases = list(suite)
            failures = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
            assert suite.tests == len(cases), f"{path}: {suite.name} says {suite.tests} tests, holds {len(cases)}"
            assert suite.failures == len(failures), f"{path}: {suite.name} says {suite.failures} failures, holds {len(failures)}"
            for case in cases:
                key = (case.classname, case.name)
                assert case.name, f"{path}: a test case without a name"
                assert key not in seen, f"{path}: {key} twice (GitLab keeps only the first)"
                seen.add(key)
            total += len(cases)
            failed += len(failures)
        if not isinstance(xml, TestSuite):
            assert xml.tests == total, f"{path}: testsuites says {xml.tests} tests, holds {total}"
            assert xml.failures == failed, f"{path}: testsuites says {xml.failures} failures, holds {failed}"
        print(f"junitparser: {path}: {total} test cases, {failed} failed")


# Allowed Multitool warnings: redline has no published home page yet (informationUri),
# and a finding about a whole unreadable file has no region.
ALLOWED = {"SARIF2005", "SARIF2017"}


def sarif_log(path):
    log = json.load(open(path))
    bad = []
    for run in log.get("runs", []):
        for result in run.get("results", []):
            level = result.get("level", "warning")
            if level == "error" or (level == "warning" and result["ruleId"] not in ALLOWED):
                bad.append(f'{level} {result["ruleId"]}: {result["message"]}')
    for line in bad:
        print(line)
    sys.exit(1 if bad else 0)


def unique(paths):
    for path in paths:
        fingerprints = [issue["fingerprint"] for issue in json.load(open(path))]
        assert len(set(fingerprints)) == len(fingerprints), f"{path}: repeated fingerprints"
        print(f"code quality: {path}: {len(fingerprints)} issues, fingerprints unique")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"junit": junit, "unique": unique, "sarif-log": lambda a: sarif_log(a[0])}[command](args)
