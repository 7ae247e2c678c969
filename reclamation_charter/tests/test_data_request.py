# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import zipfile
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestDataSubjectRequests(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._create_complaint(
            remedy_sought="Refund of 120 euros",
            special_category_details="Hospitalised in March",
        )
        cls.complaint.message_post(
            body="Customer called: very upset", subtype_xmlid="mail.mt_note"
        )
        cls.complaint.message_post(
            body="We have found your payment",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.env["ir.attachment"].create(
            {
                "name": "bank-statement.txt",
                "raw": b"March statement: refund missing",
                "res_model": "helpdesk.ticket",
                "res_id": cls.complaint.id,
            }
        )
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, cls.desk.id)]}
        )
        cls.Request = cls.env["reclamation.data.request"].with_user(cls.dpo)

    def _request(self, request_type, **values):
        return self.Request.create(
            {
                "request_type": request_type,
                "partner_id": self.customer.id,
                "received_date": date(2026, 3, 10),
                **values,
            }
        )

    # Clock

    def test_answer_within_one_month(self):
        request = self._request("access")
        self.assertEqual(request.deadline, date(2026, 4, 10))
        self.assertTrue(request.name.startswith("DSR/"))

    def test_extension_to_three_months_at_most_with_a_reason(self):
        request = self._request("access")
        with self.assertRaises(UserError):
            request._extend(date(2026, 5, 10), " ")
        with self.assertRaises(UserError):
            request._extend(date(2026, 6, 11), "Many complaints to gather")
        with self.assertRaises(UserError):
            request._extend(date(2026, 4, 1), "Earlier than the deadline")
        self.assertEqual(request.deadline, date(2026, 4, 10))
        request._extend(date(2026, 6, 10), "Many complaints to gather")
        self.assertEqual(request.deadline, date(2026, 6, 10))
        self.assertEqual(request.extension_reason, "Many complaints to gather")
        log = self.env["reclamation.decision.log"].search(
            [("kind", "=", "request_extension")]
        )
        self.assertEqual(log.reason, "Many complaints to gather")

    def test_request_needs_the_person(self):
        with self.assertRaises(UserError):
            self.Request.create({"request_type": "access", "email": "not an email"})

    # Access and portability

    def test_export_holds_everything_about_the_person(self):
        consent_text = self._publish_consent_text("consent_purpose_satisfaction")
        self.env["reclamation.consent"]._record_portal_consent(
            self.customer,
            consent_text,
            self.complaint,
            "198.51.100.4",
            "Mozilla/5.0 (X11; Linux x86_64)",
        )
        self.complaint.complexity = "complex"
        request = self._request("access")
        request.action_export()
        self.assertEqual(request.state, "in_progress")
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        names = archive.namelist()
        self.assertIn("data.json", names)
        attachment_path = next(n for n in names if n.endswith("bank-statement.txt"))
        self.assertEqual(
            archive.read(attachment_path), b"March statement: refund missing"
        )
        data = json.loads(archive.read("data.json"))
        self.assertEqual(data["person"]["email"], self.customer.email)
        (complaint,) = data["complaints"]
        self.assertEqual(complaint["reference"], self.complaint.number)
        self.assertEqual(complaint["remedy_sought"], "Refund of 120 euros")
        self.assertEqual(complaint["special_category_data"], "Hospitalised in March")
        bodies = {m["body"]: m["internal"] for m in complaint["messages"]}
        self.assertIs(bodies["Customer called: very upset"], True)
        self.assertIs(bodies["We have found your payment"], False)
        self.assertEqual(data["consents"][0]["ip_address"], "198.51.100.4")
        self.assertIn("Complexity change", [d["decision"] for d in data["decisions"]])
        self.assertIn(
            "export",
            self.env["reclamation.decision.log"]
            .search([("ticket_id", "=", self.complaint.id)])
            .mapped("kind"),
        )

    def test_export_in_the_decision_log_reads_in_the_readers_language(self):
        self._request("access").action_export()
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "export")]
        )
        # What was exported is stored as figures, worded for each reader.
        self.assertEqual(
            log.after_values, {"complaint_count": 1, "attachment_count": 1}
        )
        self.assertEqual(log.after_display, "Complaints: 1; Attachments: 1")
        self.env["res.lang"]._activate_lang("fr_FR")
        french = log.with_context(lang="fr_FR")
        complaints = french.env._("Complaints")
        attachments = french.env._("Attachments")
        self.assertEqual(french.after_display, f"{complaints} : 1; {attachments} : 1")
        self.assertNotIn("complaint(s)", french.after_display)

    def test_export_for_a_person_without_complaint_is_refused(self):
        stranger = self.env["res.partner"].create(
            {"name": "Nobody Here", "email": "nobody@example.com"}
        )
        request = self._request("access", partner_id=stranger.id)
        with self.assertRaises(UserError):
            request.action_export()
        self.assertFalse(request.export_attachment_id)
        self.assertEqual(request.state, "new")

    def test_email_only_complaints_are_found_and_confirmed(self):
        """Complaints found by the address only are shown as candidates; the
        request acts on them once the data protection officer confirmed
        them, and on nothing else."""
        email_only = self._create_complaint(
            partner_id=False, partner_email="Sam.Noname@Example.com"
        )
        email_only.write(
            {"stage_id": self.closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        request = self._request(
            "erasure", partner_id=False, email="sam.noname@example.com"
        )
        self.assertFalse(request.ticket_ids)
        self.assertEqual(request.candidate_ticket_ids, email_only)
        with self.assertRaisesRegex(UserError, "found by their email address only"):
            request.action_erase()
        self.assertEqual(email_only.retention_phase, "active")
        with self.assertRaises(ValidationError):
            request.confirmed_ticket_ids = self.complaint
        request.confirmed_ticket_ids = email_only
        self.assertEqual(request.ticket_ids, email_only)
        self.assertFalse(request.candidate_ticket_ids)
        request.action_erase()
        self.assertEqual(email_only.retention_phase, "anonymised")
        self.assertEqual(request.confirmed_ticket_ids, email_only)

    def test_requests_cover_complaints_only(self):
        support = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jam",
                "description": "<p>.</p>",
                "team_id": self.support.id,
                "partner_id": self.customer.id,
            }
        )
        request = self._request("access")
        self.assertIn(self.complaint, request.ticket_ids)
        self.assertNotIn(support, request.ticket_ids)

    def test_privacy_lookup_finds_email_only_complaints(self):
        email_only = self._create_complaint(
            partner_id=False, partner_email="sam.noname@example.com"
        )
        wizard = self.env["privacy.lookup.wizard"].create(
            {"name": "Sam Noname", "email": "sam.noname@example.com"}
        )
        wizard.action_lookup()
        found = wizard.line_ids.filtered(
            lambda line: line.res_model == "helpdesk.ticket"
        )
        self.assertEqual(found.mapped("res_id"), email_only.ids)

    # Rectification

    def test_rectification_is_logged_without_the_values(self):
        request = self._request("rectification")
        action = request.action_open_complaints()
        self.complaint.with_user(self.handler).with_context(**action["context"]).write(
            {"partner_name": "Camille Durand-Petit"}
        )
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "rectification")]
        )
        self.assertEqual(len(log), 1)
        self.assertIn(request.name, log.reason)
        self.assertNotIn("Durand-Petit", f"{log.before} {log.after} {log.reason}")
        self.assertEqual(log.user_id, self.handler)

    # Erasure

    def test_erasure_refused_while_a_complaint_is_open(self):
        request = self._request("erasure")
        with self.assertRaises(UserError):
            request.action_erase()
        self.assertEqual(self.complaint.partner_id, self.customer)
        self.assertEqual(self.complaint.retention_phase, "active")
        self.assertEqual(request.state, "new")

    def test_erasure_refused_under_legal_hold(self):
        self.complaint.write(
            {"stage_id": self.closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        self.complaint.with_user(self.manager)._set_legal_hold("Court case 26/123")
        request = self._request("erasure")
        with self.assertRaises(UserError) as error:
            request.action_erase()
        self.assertIn("Court case 26/123", str(error.exception))
        self.assertEqual(self.complaint.partner_id, self.customer)
        self.assertEqual(self.customer.name, "Camille Durand")
        self.assertTrue(self.complaint.message_ids)
        self.assertEqual(self.complaint.retention_phase, "active")

    def test_erasure_anonymises_the_complaints(self):
        self.complaint.write(
            {"stage_id": self.closed_stage.id, "root_cause_id": self.root_cause.id}
        )
        request = self._request("erasure")
        request.action_erase()
        self.assertEqual(request.state, "done")
        self.assertEqual(self.complaint.retention_phase, "anonymised")
        self.assertFalse(self.complaint.partner_email)
        self.assertNotEqual(self.customer.name, "Camille Durand")
        self.assertFalse(self.customer.email)
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "anonymisation")]
        )
        self.assertIn(request.name, log.reason)

    def test_only_managers_and_dpo_place_a_legal_hold(self):
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.handler)._set_legal_hold("Dispute")
        with self.assertRaises(UserError):
            self.complaint.with_user(self.dpo)._set_legal_hold(" ")
        self.assertFalse(self.complaint.legal_hold)
        self.complaint.with_user(self.dpo)._set_legal_hold("Dispute")
        self.assertEqual(self.complaint.legal_hold_user_id, self.dpo)

    # Restriction

    def test_restriction_freezes_mail_and_shows_on_the_complaint(self):
        request = self._request("restriction")
        request.action_restrict()
        self.assertTrue(self.complaint.processing_restricted)
        message = self.complaint.message_post(
            body="Your refund is on its way",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        self.assertFalse(
            message.notification_ids.filtered(
                lambda n: n.res_partner_id == self.customer
            ),
            "no mail leaves a restricted complaint",
        )
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        )
        request.action_lift_restriction()
        self.assertFalse(self.complaint.processing_restricted)
        message = self.complaint.message_post(
            body="Your refund is on its way",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        self.assertTrue(
            message.notification_ids.filtered(
                lambda n: n.res_partner_id == self.customer
            )
        )
        kinds = (
            self.env["reclamation.decision.log"]
            .search([("ticket_id", "=", self.complaint.id)])
            .mapped("kind")
        )
        self.assertEqual(kinds.count("restriction"), 2)

    def test_no_holding_letter_while_restricted(self):
        self.complaint.with_user(self.dpo)._restrict_processing("Art. 18")
        with self.assertRaises(UserError) as caught:
            self.complaint._extend_resolution_deadline(
                date(2099, 1, 1), "Expert report expected"
            )
        self.assertIn("restricted", str(caught.exception))
        self.assertFalse(self.complaint.resolution_extended_to)

    def test_no_acknowledgement_while_restricted(self):
        complaint = self._create_complaint()
        complaint.with_user(self.dpo)._restrict_processing("Art. 18")
        self.assertEqual(complaint.ack_state, "pending")
        with self.enter_registry_test_mode():
            self.env.ref(
                "reclamation_charter.ir_cron_send_acknowledgements"
            ).method_direct_trigger()
        complaint.invalidate_recordset()
        self.assertEqual(complaint.ack_state, "pending")

    def test_anonymisation_flag_alone_skips_no_rectification_log(self):
        self.complaint.with_user(self.handler).with_context(
            reclamation_anonymise=True
        ).write({"partner_name": "Camille Durand-Petit"})
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "rectification")]
        )
        self.assertEqual(
            len(log), 1, "only the anonymisation itself is no rectification"
        )
