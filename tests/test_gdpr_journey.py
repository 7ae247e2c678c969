# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A person's data through the whole life of a complaint, across the
backend, the email link and the retention job."""

import io
import json
import re
import zipfile
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.reclamation_charter.tests.common import run_commit_hooks


@tagged("post_install", "-at_install")
class TestGdprJourney(HttpCase):
    def setUp(self):
        super().setUp()
        self.handler = new_test_user(
            self.env,
            login="gdpr-handler",
            groups="reclamation_charter.group_reclamation_handler",
        )
        self.dpo = new_test_user(
            self.env,
            login="gdpr-dpo",
            groups="reclamation_charter.group_reclamation_dpo",
        )
        self.desk = self.env["helpdesk.ticket.team"].create(
            {
                "name": "GDPR journey desk",
                "is_complaint_desk": True,
                "user_ids": [(6, 0, self.handler.ids)],
            }
        )
        self.closed = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Answered (journey)",
                "closed": True,
                "team_ids": [(4, self.desk.id)],
            }
        )
        self.person = self.env["res.partner"].create(
            {"name": "Hugo Lemaire", "email": "hugo.lemaire@example.net"}
        )
        self.insurer = self.env["res.partner"].create(
            {"name": "Assureur Loisirs", "email": "sinistres@loisirs.example"}
        )
        text = self.env["reclamation.consent.text"].create(
            {
                "name": "Sharing with the insurer",
                "purpose_id": self.env.ref(
                    "reclamation_charter.consent_purpose_sharing"
                ).id,
                "body": "<p>I agree that my file is sent to the insurer.</p>",
            }
        )
        text.action_publish()
        self.text = text

    def test_consent_share_withdraw_export_and_forget(self):
        with freeze_time("2026-02-02 10:00:00"):
            complaint = (
                self.env["helpdesk.ticket"]
                .with_user(self.handler)
                .create(
                    {
                        "name": "Ski trip cancelled",
                        "description": "<p>The trip of 14 February was cancelled.</p>",
                        "team_id": self.desk.id,
                        "partner_id": self.person.id,
                        "user_id": False,
                    }
                )
            )
            # The handler uploads the note of the call with the consent.
            evidence = (
                self.env["ir.attachment"]
                .with_user(self.handler)
                .create(
                    {"name": "call-note.txt", "raw": b"Agreed on the phone at 10:05"}
                )
            )
            consent = (
                self.env["reclamation.consent"]
                .with_user(self.handler)
                .create(
                    {
                        "partner_id": self.person.id,
                        "ticket_id": complaint.id,
                        "text_id": self.text.id,
                        "recipient_id": self.insurer.id,
                        "method": "phone",
                        "evidence_attachment_id": evidence.id,
                    }
                )
            )
            share = self.env["reclamation.share.wizard"].with_user(self.handler)
            share.create(
                {"ticket_id": complaint.id, "recipient_id": self.insurer.id}
            ).action_share()
            self.assertEqual(complaint.share_count, 1)

        # The person withdraws from the link of the receipt email.
        receipt = consent.message_ids.filtered(lambda m: self.person in m.partner_ids)
        link = re.search(r'href="[^"]*(/reclamation/consent/[^"]+)"', receipt.body)
        url = link.group(1).replace("&amp;", "&")
        page = self.url_open(url).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.url_open(
            f"/reclamation/consent/{consent.id}/withdraw",
            data={"csrf_token": csrf, "token": consent.access_token},
        )
        consent.invalidate_recordset()
        self.assertEqual(consent.state, "withdrawn")
        with self.assertRaises(UserError):
            share.create(
                {"ticket_id": complaint.id, "recipient_id": self.insurer.id}
            ).action_share()

        # Access request: the export shows the withdrawn consent.
        request = (
            self.env["reclamation.data.request"]
            .with_user(self.dpo)
            .create(
                {
                    "request_type": "access",
                    "partner_id": self.person.id,
                    "received_date": date(2026, 3, 1),
                }
            )
        )
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        data = json.loads(archive.read("data.json"))
        self.assertEqual(data["consents"][0]["state"], "Withdrawn")
        self.assertEqual(
            data["shared_with_third_parties"][0]["recipient"], "Assureur Loisirs"
        )

        # Answered and closed; five years later the retention job forgets.
        with freeze_time("2026-03-10 09:00:00"):
            complaint.write(
                {
                    "stage_id": self.closed.id,
                    "root_cause_id": self.env.ref(
                        "reclamation_charter.root_cause_delay"
                    ).id,
                }
            )
        # The closing is committed long before the job runs, which does its
        # work in a transaction (here: a cursor) of its own.
        run_commit_hooks(self)
        cron = self.env.ref("reclamation_charter.ir_cron_apply_retention")
        with freeze_time("2031-03-11"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        run_commit_hooks(self)
        self.assertEqual(complaint.retention_phase, "anonymised")
        self.assertNotEqual(self.person.name, "Hugo Lemaire")
        self.assertFalse(request.export_attachment_id, "the export went too")
        self.assertFalse(consent.partner_id.email)
        # Nor in the chatter's tracking nor in the bus, once committed.
        self.env.cr.execute(
            "SELECT count(*) FROM mail_tracking_value"
            " WHERE old_value_char ILIKE %(name)s OR new_value_char ILIKE %(name)s",
            {"name": "%Hugo Lemaire%"},
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertFalse(
            self.env["bus.bus"].search_count([("message", "ilike", "Hugo Lemaire")])
        )
        kinds = (
            self.env["reclamation.decision.log"]
            .search([("ticket_id", "=", complaint.id)], order="id")
            .mapped("kind")
        )
        self.assertEqual(
            [k for k in kinds if k in ("sharing", "export", "anonymisation")],
            ["sharing", "export", "anonymisation"],
        )
