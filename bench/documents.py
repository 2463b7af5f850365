"""Documents benchmark: one decision with 200 certificates rendered into one ZIP, time per
certificate (docs/documents.md).

    LANTOA_ENV=test python -m bench.documents

Runs on its own SQLite file (var/bench/documents.sqlite3, rebuilt each run) and media folder,
never on the developer's database. Writes bench/results/documents.md. Not measured yet: a
staff list page's p95 under load while the job runs (that needs the job runner's worker).
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORK = BASE_DIR / "var" / "bench" / "documents"
RESULTS = Path(__file__).resolve().parent / "results" / "documents.md"
CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "200"))


def main() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(WORK / "documents.sqlite3")
    os.environ["MEDIA_ROOT"] = str(WORK / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from lantoa.accounts.models import User
    from lantoa.documents import services
    from lantoa.orgs.models import Membership, Organisation, Role

    org = Organisation(name="Ủy ban nhân dân xã Bench", kind="other", level="commune", path="/x/")
    org.save()
    org.path = f"/{org.pk}/"
    org.save(update_fields=["path"])
    admin = User.objects.create(username="bench", full_name="Bench")
    Membership.objects.create(user=admin, organisation=org, org_path=org.path, role=Role.LEADER)
    Membership.objects.create(
        user=admin, organisation=org, org_path=org.path, role=Role.SYSTEM_ADMIN
    )
    issuer = services.create_issuer(
        actor=admin, org=org, name=org.name, code="UBND", style="state", place="Hàm Thuận"
    )
    decision = services.create_draft(
        actor=admin,
        issuer=issuer,
        doc_type="decision",
        summary="Về việc tặng Giấy khen",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Văn Hòa",
        certificate_kind="giay_khen",
        certificates=[
            services.CertificateInput(f"Người tốt số {n}", f"Việc tốt thứ {n}", "Thôn 1")
            for n in range(1, CERTIFICATES + 1)
        ],
    )
    started = time.perf_counter()
    decision = services.issue_document(actor=admin, document=decision)
    issue_s = time.perf_counter() - started

    stamps: list[float] = []
    started = time.perf_counter()
    data = services.render_certificates_zip(
        actor=admin,
        decision=decision,
        report=lambda done, total, message: stamps.append(time.perf_counter()),
    )
    total_s = time.perf_counter() - started
    per = [b - a for a, b in itertools.pairwise(stamps)]
    started = time.perf_counter()
    services.render_certificates_zip(actor=admin, decision=decision)
    again_s = time.perf_counter() - started

    rows = [
        ("Issue the decision (number, DOCX, PDF)", f"{issue_s * 1000:.0f} ms"),
        (f"{CERTIFICATES} certificates, first batch (render + store)", f"{total_s:.1f} s"),
        ("Per certificate, median", f"{statistics.median(per) * 1000:.0f} ms"),
        ("Per certificate, p95", f"{sorted(per)[int(len(per) * 0.95) - 1] * 1000:.0f} ms"),
        ("Same batch again (stored PDFs read back)", f"{again_s:.1f} s"),
        ("ZIP size", f"{len(data) / 1024 / 1024:.1f} MiB"),
    ]
    table = "\n".join(
        ["# Documents benchmark (SQLite)", "", "| Measure | Value |", "|---|---|"]
        + [f"| {name} | {value} |" for name, value in rows]
    )
    print(table)
    RESULTS.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
