# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import subprocess
from datetime import date

from odoo.tests import HttpCase, new_test_user

from odoo.addons.base.tests.common import BaseCommon


def pdf_text(content):
    """The text layer of a PDF as ``pdftotext`` (poppler-utils) extracts
    it, laid out as printed: what a screen reader, a search or a copy finds
    in the document."""
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()


def run_commit_hooks(case):
    """Run on the test's cursor what a commit runs around ``COMMIT``: the
    precommit hooks until none is left (``cr.flush()``: tracking values, bus
    notifications...), then the postcommit ones (files leaving the
    filestore, the bus being told). A test never commits: what it checks in
    the database after an operation must be checked after these, as a
    production transaction leaves it."""
    cr = case.env.cr
    cr.flush()
    if isinstance(case, HttpCase):  # its cursor is the registry's already
        cr.postcommit.run()
    else:
        with case.enter_registry_test_mode():
            cr.postcommit.run()
    case.env.invalidate_all()


class ReclamationCase(BaseCommon):
    """A complaint desk with its members, another team, a published charter
    and a customer: what every test of the addon starts from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.handler = new_test_user(
            cls.env,
            login="rc-handler",
            groups="reclamation_charter.group_reclamation_handler",
        )
        cls.other_handler = new_test_user(
            cls.env,
            login="rc-other-handler",
            groups="reclamation_charter.group_reclamation_handler",
        )
        cls.helpdesk_user = new_test_user(
            cls.env,
            login="rc-helpdesk-user",
            groups="helpdesk_mgmt.group_helpdesk_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rc-manager",
            groups="reclamation_charter.group_reclamation_manager",
        )
        cls.dpo = new_test_user(
            cls.env,
            login="rc-dpo",
            groups="reclamation_charter.group_reclamation_dpo",
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.desk = Team.create(
            {
                "name": "Complaint desk",
                "is_complaint_desk": True,
                "user_id": cls.manager.id,
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        cls.other_desk = Team.create(
            {
                "name": "Other complaint desk",
                "is_complaint_desk": True,
                "user_ids": [(6, 0, cls.other_handler.ids)],
            }
        )
        cls.support = Team.create(
            {
                "name": "IT support",
                "user_ids": [(6, 0, (cls.helpdesk_user | cls.handler).ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Camille Durand", "email": "camille.durand@example.com"}
        )
        Charter = cls.env["reclamation.charter"]
        cls.charter_v1 = Charter.create(
            {
                "version": "1.0",
                "effective_date": date(2024, 1, 1),
                "approver_id": cls.manager.id,
                "text": "<p>1. Listening and respect</p>",
            }
        )
        cls.charter_v1.action_publish()
        cls.charter_v2 = Charter.create(
            {
                "version": "2.0",
                "effective_date": date(2025, 6, 1),
                "approver_id": cls.manager.id,
                "text": "<p>1. Listening and respect. 2. Transparency</p>",
            }
        )
        cls.charter_v2.action_publish()
        # Complaints are closed with their root cause (charter article 6).
        cls.root_cause = cls.env.ref("reclamation_charter.root_cause_delay")

    @classmethod
    def _publish_consent_text(cls, purpose_xmlid="consent_purpose_sharing", **values):
        text = cls.env["reclamation.consent.text"].create(
            {
                "name": "Sharing your complaint",
                "purpose_id": cls.env.ref(f"reclamation_charter.{purpose_xmlid}").id,
                "lang": "en_US",
                "body": "<p>I agree that my complaint file is sent to the insurer "
                "named below.</p>",
                **values,
            }
        )
        text.action_publish()
        return text

    @classmethod
    def _create_complaint(cls, **values):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "Late refund of my membership fee",
                "description": "<p>I cancelled in March and I am still waiting.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.customer.id,
                **values,
            }
        )

    def _run_deadline_recompute(self):
        """Run the job that recomputes deadlines after a change of policy,
        calendar or public holidays, as the scheduler would."""
        cron = self.env.ref("reclamation_charter.ir_cron_recompute_sla_deadlines")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    @classmethod
    def _email_evidence(cls, partner, env=None):
        """The email a person sent to give their consent, saved as .eml."""
        raw = (
            f"From: {partner.name} <{partner.email}>\r\n"
            "To: reclamations@example.org\r\n"
            "Date: Mon, 02 Mar 2026 09:12:00 +0100\r\n"
            "Message-ID: <consent-123@example.com>\r\n"
            "Subject: Re: your complaint\r\n\r\n"
            "Yes, I agree that you send my file.\r\n"
        ).encode()
        return (env or cls.env)["ir.attachment"].create(
            {"name": "consent.eml", "raw": raw}
        )
