#!/usr/bin/env python3
"""Writes a project of N services, one policy file each, for timing redline check.

Usage: python3 scripts/gen-corpus.py N OUT_DIR
Each service has a subject, three categories, three purposes, a consent, two systems, a
processor in the USA and five flows; its last flow drifts from its purpose (one P001 per
service), so the run has findings to report.
"""
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=False)
with open(os.path.join(out, "controller.redline"), "w") as f:
    f.write('controller "Gen" { location FR dpo "dpo@gen.example" }\n')
for i in range(n):
    with open(os.path.join(out, f"svc{i:05d}.redline"), "w") as f:
        f.write(f'''# service {i}
subject user{i} : customer
category email{i} : contact.email
category orders{i} : transaction.order_history
category ip{i} : device.ip_address
purpose serve{i} : service.account {{ basis contract retain 1 year after account_closure }}
purpose logs{i} : security.monitoring {{ basis legitimate_interests "LIA-{i}" retain 12 months }}
purpose news{i} : marketing.direct_email {{ basis consent optin{i} retain 3 years after last_contact }}
consent optin{i} {{ default denied withdraw "link" }}
system app{i} : application {{ location FR }}
system db{i} : database {{ location IE stores email{i}, orders{i} for 1 year }}
processor vendor{i} {{ location US safeguard dpf dpa "dpa-{i}.pdf" }}
flow user{i} -> app{i} : email{i}, orders{i} for serve{i}
flow user{i} -> app{i} : ip{i} for logs{i}
flow user{i} -> app{i} : email{i} for news{i}
flow app{i} -> db{i} : email{i}, orders{i} for serve{i}
flow db{i} -> vendor{i} : email{i} for news{i}
''')
