# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holes found by trying the product as an attacker and as a data-protection
auditor would, after the hardening: each test reproduces one."""

import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestContextFlagsAuthoriseNothing(ReclamationCase):
    def test_anonymise_flag_does_not_hide_a_rectification(self):
        """A handler passing ``reclamation_anonymise`` in the context (any RPC
        client can) still has their change of identity logged."""
        complaint = self._create_complaint()
        Log = self.env["reclamation.decision.log"]
        complaint.with_user(self.handler).with_context(
            reclamation_anonymise=True
        ).write({"partner_email": "someone.else@example.com"})
        entry = Log.search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "rectification")]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.handler)


@tagged("post_install", "-at_install")
class TestConsentEvidenceIsKept(ReclamationCase):
    """The evidence of a consent is an attachment of the consent: whoever may
    write the consent may write the attachment, unless the attachment itself
    refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.text = cls._publish_consent_text()
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle Assurance", "email": "claims@mutuelle.example.com"}
        )
        cls.complaint = cls._create_complaint()

    def _give(self, **values):
        return (
            self.env["reclamation.consent"]
            .with_user(self.handler)
            .create(
                {
                    "partner_id": self.customer.id,
                    "ticket_id": self.complaint.id,
                    "text_id": self.text.id,
                    "recipient_id": self.insurer.id,
                    **values,
                }
            )
        )

    def test_uploaded_evidence_cannot_be_replaced_moved_or_deleted(self):
        consent = self._give(
            method="paper",
            evidence_file=base64.b64encode(b"signed form"),
            evidence_filename="form.pdf",
        )
        attachment = consent.evidence_attachment_id.with_user(self.handler)
        for values in (
            {"datas": base64.b64encode(b"another form")},
            {"res_id": self.complaint.id, "res_model": "helpdesk.ticket"},
            {"public": True},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                attachment.write(values)
        with self.assertRaises(UserError):
            attachment.unlink()
        self.assertEqual(consent.evidence_attachment_id.raw, b"signed form")
        self.assertFalse(consent.evidence_attachment_id.public)

    def test_email_evidence_follows_the_consent_and_is_kept(self):
        """An .eml uploaded first, then given as the evidence, is linked to the
        consent: the DPO reads it, its uploader no longer rewrites it."""
        eml = self._email_evidence(self.customer, self.env(user=self.handler))
        consent = self._give(method="email", evidence_attachment_id=eml.id)
        self.assertEqual(
            (eml.res_model, eml.res_id), ("reclamation.consent", consent.id)
        )
        self.env.invalidate_all()
        self.assertTrue(eml.with_user(self.dpo).has_access("read"))
        with self.assertRaises(UserError):
            eml.with_user(self.handler).write({"raw": b"From: me\r\n\r\nforged"})

    def test_others_meet_the_access_check_first(self):
        """Someone who may not change the evidence's consent is refused as
        for any file they may not change, without learning that it is an
        evidence nor its name."""
        eml = self._email_evidence(self.customer, self.env(user=self.handler))
        eml.name = "Email of Camille Durand - medical certificate.eml"
        self._give(method="email", evidence_attachment_id=eml.id)
        for values in ({"datas": base64.b64encode(b"forged")}, {"public": True}):
            with self.subTest(values=list(values)):
                with self.assertRaises(AccessError) as caught:
                    eml.with_user(self.other_handler).write(values)
                self.assertNotIn("medical certificate", str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            eml.with_user(self.other_handler).unlink()
        self.assertNotIn("medical certificate", str(caught.exception))
        self.assertTrue(eml.exists())

    def test_anonymisation_still_removes_the_evidence(self):
        consent = self._give(
            method="paper",
            evidence_file=base64.b64encode(b"signed form"),
            evidence_filename="form.pdf",
        )
        attachment = consent.evidence_attachment_id
        self.complaint.write(
            {
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                "root_cause_id": self.root_cause.id,
            }
        )
        self.complaint._anonymise("Erasure request")
        self.assertFalse(attachment.exists())
        self.assertFalse(consent.evidence_attachment_id)


@tagged("post_install", "-at_install")
class TestUpdateClockIsManaged(ReclamationCase):
    """The date the customer last heard from the association runs the
    update clock: only a message they can read moves it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["reclamation.sla.policy"].create(
            {
                "name": "Simple",
                "resolution_amount": 30,
                "resolution_unit": "calendar_days",
                "update_amount": 5,
                "update_unit": "calendar_days",
            }
        )
        cls.complaint = cls._create_complaint(user_id=cls.handler.id)

    def test_handler_cannot_push_the_update_deadline(self):
        deadline = self.complaint.update_deadline
        self.assertTrue(deadline)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.handler).write(
                {"sla_last_update_date": deadline + timedelta(days=30)}
            )
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.handler).create(
                {
                    "name": "Refund",
                    "team_id": self.desk.id,
                    "sla_last_update_date": deadline + timedelta(days=30),
                }
            )
        self.assertEqual(self.complaint.update_deadline, deadline)

    def test_a_message_to_the_customer_restarts_the_clock(self):
        deadline = self.complaint.update_deadline
        with freeze_time(deadline - timedelta(days=1)):
            self.complaint.with_user(self.handler).message_post(
                body="We have asked the accounts department.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(
            self.complaint.sla_last_update_date, deadline - timedelta(days=1)
        )
        self.assertGreater(self.complaint.update_deadline, deadline)

    def test_messages_from_the_customer_side_do_not_restart_the_clock(self):
        """The represented person, or a follower writing from the portal,
        is no news from the association."""
        represented = new_test_user(
            self.env, login="rc-clock-represented", groups="base.group_portal"
        )
        follower = new_test_user(
            self.env, login="rc-clock-follower", groups="base.group_portal"
        )
        self.complaint.represented_partner_id = represented.partner_id
        self.complaint.message_subscribe(
            partner_ids=(represented.partner_id | follower.partner_id).ids
        )
        before = self.complaint.sla_last_update_date
        deadline = self.complaint.update_deadline
        # The represented person posts as themselves; a follower's message
        # comes through the portal chatter's token, posted in their name.
        posts = (
            self.complaint.with_user(represented),
            self.complaint.sudo().with_context(author=follower.partner_id.id),
        )
        for complaint in posts:
            with freeze_time(deadline - timedelta(days=1)):
                complaint.message_post(
                    body="Any news?",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    author_id=complaint.env.context.get("author"),
                )
            self.assertEqual(self.complaint.sla_last_update_date, before)
            self.assertEqual(self.complaint.update_deadline, deadline)


@tagged("post_install", "-at_install")
class TestDeskConfirmationFlag(ReclamationCase):
    def test_context_flag_does_not_skip_the_confirmation(self):
        """A team with open tickets becomes a complaint desk through the
        confirmation only, which converts them: the wizard's context flag,
        passed by a client, does not skip it."""
        team = self.env["helpdesk.ticket.team"].create({"name": "Sales support"})
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Invoice", "description": "<p>Wrong name</p>", "team_id": team.id}
        )
        with self.assertRaises(UserError):
            team.with_user(self.manager).with_context(
                reclamation_desk_confirmed=True
            ).write({"is_complaint_desk": True})
        self.assertFalse(team.is_complaint_desk)
        self.assertFalse(ticket.is_complaint_desk)


@tagged("post_install", "-at_install")
class TestErasureOfSharingExceptions(ReclamationCase):
    def test_legal_basis_typed_about_the_person_is_erased(self):
        """The DPO's legal basis is free text: like the reason of the logged
        decision, it goes when the person is anonymised; the exception
        itself (complaint, recipient, purpose, who, when) stays."""
        complaint = self._create_complaint()
        insurer = self.env["res.partner"].create(
            {"name": "Mutuelle Assurance", "email": "claims@mutuelle.example.com"}
        )
        exception = (
            self.env["reclamation.sharing.exception"]
            .with_user(self.dpo)
            .create(
                {
                    "ticket_id": complaint.id,
                    "recipient_id": insurer.id,
                    "purpose_id": self.env.ref(
                        "reclamation_charter.consent_purpose_sharing"
                    ).id,
                    "legal_basis": "Ombudsman's request about Camille Durand's "
                    "illness",
                }
            )
        )
        complaint.write(
            {
                "stage_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                "root_cause_id": self.root_cause.id,
            }
        )
        complaint.with_user(self.dpo)._anonymise("Erasure request")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM reclamation_sharing_exception "
            "WHERE legal_basis ILIKE '%%Durand%%'"
        )
        self.assertFalse(self.env.cr.fetchall())
        self.assertEqual(
            (exception.recipient_id, exception.user_id), (insurer, self.dpo)
        )
        # Still append-only for everyone else.
        with self.assertRaises(UserError):
            exception.with_user(self.dpo).write({"legal_basis": "Changed"})


@tagged("post_install", "-at_install")
class TestCopyLeavesConfidentialDataBehind(ReclamationCase):
    def test_handler_copies_a_complaint_without_its_confidential_data(self):
        complaint = self._create_complaint(
            user_id=self.handler.id,
            special_category_details="Long-term illness",
            internal_assessment="Our agent misinformed the customer.",
        )
        copy = complaint.with_user(self.handler).copy()
        self.assertTrue(copy.is_complaint_desk)
        copy = copy.with_user(self.manager)
        self.assertFalse(copy.special_category_details)
        self.assertFalse(copy.internal_assessment)
