# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The desk's side of a decision in headless Chromium: a handler records a
partial rejection with the wizard of the complaint's form and sends it; the
customer appeals on the portal; a second handler decides the appeal."""

from odoo.tests import HttpCase, new_test_user, tagged

from .test_portal_decisions import DecisionPortalCase


@tagged("post_install", "-at_install")
class TestDecisionBackendTour(DecisionPortalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()
        cls.second_handler = new_test_user(
            cls.env,
            login="rcpc-handler-appeal",
            password="rcpc-handler-appeal",
            groups="reclamation_charter.group_reclamation_handler",
            name="Paul Bernard",
        )
        cls.desk.user_ids = [(4, cls.second_handler.id)]
        cls.complaint.user_id = cls.handler

    def test_tour_partial_rejection_then_appeal(self):
        url = f"/odoo/helpdesk.ticket/{self.complaint.id}"
        self.start_tour(url, "reclamation_decision_backend_send", login="rcpc-handler")
        self.env.invalidate_all()
        complaint = self.complaint.sudo()
        (first,) = complaint.resolution_ids
        self.assertEqual(first.state, "sent")
        self.assertEqual(first.outcome, "partly_upheld")
        self.assertFalse(first.is_appeal)
        self.assertEqual(first.decided_by_id, self.handler)
        self.assertIn("charged twice", first.rationale)
        self.assertTrue(first.report_attachment_id)
        self.assertEqual(first.mediator_id, self.mediator)
        self.assertTrue(complaint.closed)
        self.assertEqual(
            complaint.root_cause_id,
            self.env.ref("reclamation_charter.root_cause_billing_error"),
        )
        self.assertEqual(complaint.appeal_state, "open")
        self.assertTrue(complaint._reclamation_can_appeal())

        # The customer appeals on the portal page.
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self._post(
            f"/my/complaints/{complaint.id}/appeal",
            {"reason": "The late fee was not due either."},
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(complaint.appeal_state, "requested")
        self.assertFalse(complaint.closed)
        # Not for the author of the decision appealed.
        self.assertNotEqual(complaint.user_id, self.handler)
        complaint.user_id = self.second_handler

        self.start_tour(
            url, "reclamation_decision_backend_appeal", login="rcpc-handler-appeal"
        )
        self.env.invalidate_all()
        appeal = complaint.resolution_ids - first
        self.assertEqual(len(appeal), 1)
        self.assertEqual(appeal.state, "sent")
        self.assertTrue(appeal.is_appeal)
        self.assertEqual(appeal.outcome, "upheld")
        self.assertEqual(appeal.decided_by_id, self.second_handler)
        self.assertEqual(appeal.mediator_id, self.mediator)
        self.assertEqual(complaint.appeal_state, "decided")
        self.assertEqual(complaint.resolution_outcome, "upheld")
        self.assertTrue(complaint.closed)
        logs = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id)]
        )
        self.assertEqual(
            set(logs.mapped("kind")) & {"outcome", "appeal", "appeal_outcome"},
            {"outcome", "appeal", "appeal_outcome"},
        )
        # The customer reads both decisions on the portal.
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(response.status_code, 200)
        text = self._text(response)
        self.assertIn("Our decision on your appeal", text)
        self.assertIn("final within the association", text)
        self.assertIn("Paul Bernard", text)
