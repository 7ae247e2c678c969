# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestSharing(ReclamationCase):
    """Sharing with a third party needs the person's consent for that
    recipient and purpose, or a legal obligation recorded by the DPO; the
    server checks it whatever the path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.text = cls._publish_consent_text()
        cls.purpose = cls.text.purpose_id
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle Assurance", "email": "claims@mutuelle.example.com"}
        )
        cls.mediator = cls.env["res.partner"].create(
            {
                "name": "Médiateur de la consommation",
                "email": "saisine@mediateur.example",
            }
        )
        cls.complaint = cls._create_complaint()
        Share = cls.env["reclamation.data.share"]
        cls.Share = Share.with_user(cls.handler)

    def _consent(self, recipient):
        return self.env["reclamation.consent"].create(
            {
                "partner_id": self.customer.id,
                "ticket_id": self.complaint.id,
                "text_id": self.text.id,
                "recipient_id": recipient.id,
                "method": "email",
                "evidence_attachment_id": self._email_evidence(self.customer).id,
            }
        )

    def _share(self, recipient, user=None, **values):
        wizard = (
            self.env["reclamation.share.wizard"]
            .with_user(user or self.handler)
            .create(
                {
                    "ticket_id": self.complaint.id,
                    "recipient_id": recipient.id if recipient else False,
                    "purpose_id": self.purpose.id,
                    "include_contact": True,
                    **values,
                }
            )
        )
        return wizard.action_share()

    def _shares(self):
        return self.env["reclamation.data.share"].search(
            [("ticket_id", "=", self.complaint.id)]
        )

    def test_refused_without_consent_even_by_rpc(self):
        with self.assertRaises(UserError):
            self._share(self.insurer)
        # Straight to the model, as an RPC call or other code would.
        with self.assertRaises(UserError):
            self.Share.create(
                {
                    "ticket_id": self.complaint.id,
                    "recipient_id": self.insurer.id,
                    "purpose_id": self.purpose.id,
                    "shared_data": "everything",
                }
            )
        self.assertFalse(self._shares())

    def test_consent_for_another_recipient_does_not_count(self):
        self._consent(self.mediator)
        with self.assertRaises(UserError):
            self._share(self.insurer)
        self.assertFalse(self._shares())

    def test_shared_with_consent_sent_and_logged(self):
        consent = self._consent(self.insurer)
        invoice = self.env["ir.attachment"].create(
            {
                "name": "invoice.pdf",
                "raw": b"%PDF-1.4 invoice",
                "res_model": "helpdesk.ticket",
                "res_id": self.complaint.id,
            }
        )
        Mail = type(self.env["mail.mail"])
        with (
            patch.object(Mail, "send_after_commit") as send_after_commit,
            patch.object(Mail, "send") as send,
        ):
            self._share(self.insurer, attachment_ids=[(6, 0, invoice.ids)])
        send_after_commit.assert_not_called()  # left to the mail queue
        send.assert_not_called()
        share = self._shares()
        self.assertEqual(len(share), 1)
        self.assertEqual((share.basis, share.consent_id), ("consent", consent))
        self.assertIn(self.customer.email, share.shared_data)
        self.assertEqual(share.attachment_ids, invoice)
        sent = self.complaint.message_ids.filtered(
            lambda m: self.insurer in m.partner_ids
        )
        self.assertEqual(len(sent), 1, "sent to the recipient from the complaint")
        self.assertEqual(sent.attachment_ids, invoice)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", sent.id)])
        self.assertEqual(mail.mapped("state"), ["outgoing"])
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "sharing")]
        )
        self.assertEqual(len(log), 1)
        self.assertIn(consent.text_hash, log.reason)

    def test_refused_once_the_consent_is_past_its_review_date(self):
        """Even before the expiry job has marked it expired."""
        consent = self._consent(self.insurer)
        with freeze_time(consent.review_date + timedelta(days=1)):
            with self.assertRaises(UserError):
                self._share(self.insurer)
        self.assertEqual(consent.state, "given")
        self.assertFalse(self._shares())

    def test_refused_once_the_consent_is_withdrawn(self):
        consent = self._consent(self.insurer)
        consent.action_withdraw()
        with self.assertRaises(UserError):
            self._share(self.insurer)
        self.assertFalse(self._shares())

    def test_legal_obligation_recorded_by_the_dpo(self):
        Exception_ = self.env["reclamation.sharing.exception"]
        values = {
            "ticket_id": self.complaint.id,
            "recipient_id": self.mediator.id,
            "purpose_id": self.purpose.id,
            "legal_basis": "Art. L612-1 code de la consommation: the mediator's "
            "request of 3 March.",
        }
        for user in (self.handler, self.manager):
            with self.assertRaises(AccessError):
                Exception_.with_user(user).create(values)
        with self.assertRaises(UserError):
            Exception_.with_user(self.dpo).create({**values, "legal_basis": " "})
        exception = Exception_.with_user(self.dpo).create(values)
        self._share(self.mediator)
        share = self._shares()
        self.assertEqual(
            (share.basis, share.exception_id), ("legal_obligation", exception)
        )
        kinds = (
            self.env["reclamation.decision.log"]
            .search([("ticket_id", "=", self.complaint.id)])
            .mapped("kind")
        )
        self.assertIn("consent_exception", kinds)
        self.assertIn("sharing", kinds)
        with self.assertRaises(UserError):
            exception.legal_basis = "changed"

    def test_sharing_without_recipient_is_refused(self):
        with self.assertRaises(UserError):
            self._share(False)
        self.assertFalse(self._shares())

    def test_what_was_shared_is_kept_as_shared(self):
        self._consent(self.insurer)
        self._share(self.insurer)
        share = self._shares()
        with self.assertRaises(UserError):
            share.write({"shared_data": "less"})
        with self.assertRaises(UserError):
            share.unlink()

    def test_restricted_complaint_is_not_shared(self):
        self._consent(self.insurer)
        self.complaint.with_user(self.dpo)._restrict_processing("Art. 18 request")
        with self.assertRaises(UserError):
            self._share(self.insurer)
        self.assertFalse(self._shares())
