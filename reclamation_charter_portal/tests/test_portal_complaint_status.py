# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the customer's complaint page says of where the complaint stands:
its status, explanation, dates and next move follow the complaint's real
state (decision, offer, appeal, pause, closure), not the stage's name alone,
as the customer reads it, in English and in French."""

from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

from .test_portal_decisions import DecisionPortalCase

ANSWERED_TEXT = (
    "We have sent you our answer. If you disagree, you can appeal within 30 "
    "days by replying to it."
)
ANSWERED_TEXT_FR = (
    "Nous vous avons envoyé notre réponse. Si vous n'êtes pas d'accord, vous "
    "pouvez faire appel sous 30 jours en y répondant."
)
RECEIVED_TEXT = (
    "We have received your complaint. A handler is reading it to assess how "
    "complex it is; the next move is ours."
)
RECEIVED_TEXT_FR = (
    "Nous avons reçu votre réclamation. Un conseiller la lit pour évaluer sa "
    "complexité ; la prochaine action est la nôtre."
)


@tagged("post_install", "-at_install")
class TestPortalComplaintStatus(DecisionPortalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()
        env = cls.env
        env["res.lang"]._activate_lang("fr_FR")
        env["ir.module.module"]._load_module_terms(
            ["reclamation_charter_portal"], ["fr_FR"]
        )
        # The demo desk's words: the first step, and the answered stage
        # promising an appeal.
        cls.stage_review.customer_explanation = RECEIVED_TEXT
        cls.stage_review.with_context(
            lang="fr_FR"
        ).customer_explanation = RECEIVED_TEXT_FR
        cls.stage_answered.customer_explanation = ANSWERED_TEXT
        cls.stage_answered.with_context(
            lang="fr_FR"
        ).customer_explanation = ANSWERED_TEXT_FR
        cls.stage_third_party = env["helpdesk.ticket.stage"].create(
            {
                "name": "Waiting for a third party",
                "sequence": 2,
                "team_ids": [(6, 0, cls.desk.ids)],
                "waiting_on": "third_party",
                "customer_explanation": "We have asked a partner organisation "
                "for information we need.",
            }
        )
        cls.policy.pause_stage_ids = [(4, cls.stage_third_party.id)]
        cls.senior = new_test_user(
            env,
            login="rcpc-senior",
            groups="reclamation_charter.group_reclamation_handler",
            name="Sophie Senior",
        )
        cls.desk.user_ids = [(4, cls.senior.id)]

    def _page(self, complaint=None, lang="en_US"):
        self.claire.lang = lang
        self.env.invalidate_all()
        # A new session each time, without the language cookie of the last.
        self.opener.cookies.clear()
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{(complaint or self.complaint).id}")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)

        def text(xpath):
            return " ".join(
                " ".join(node.text_content().split()) for node in tree.xpath(xpath)
            )

        return {
            "status": text("//section[@id='complaint_status']"),
            "dates": text("//section[@id='complaint_dates']"),
            "page": text("//div[hasclass('o_reclamation_complaint_page')]"),
        }

    def _refuse_offer(self):
        offer = self._send_decision(self.complaint, is_offer=True)
        offer.with_user(self.claire)._answer_offer(False, "portal")
        self.env.invalidate_all()
        return offer

    def _appeal(self):
        self._send_decision(self.complaint, outcome="rejected")
        self.complaint.with_user(self.claire)._record_appeal(
            "The clinic never apologised.", "portal"
        )
        self.env.invalidate_all()

    def test_received(self):
        for lang, explanation, move in (
            ("en_US", RECEIVED_TEXT, "ours: we are working on your complaint"),
            ("fr_FR", RECEIVED_TEXT_FR, "Prochaine action :"),
        ):
            page = self._page(lang=lang)
            self.assertIn(explanation, page["status"])
            self.assertIn(move, page["status"])

    def test_waiting_for_the_customer(self):
        self.complaint.stage_id = self.stage_waiting
        page = self._page()
        self.assertIn("yours: we are waiting for information", page["status"])

    def test_waiting_for_a_third_party_is_not_the_customer_move(self):
        self.complaint.stage_id = self.stage_third_party
        for lang in ("en_US", "fr_FR"):
            page = self._page(lang=lang)
            self.assertNotIn("yours", page["status"])
        page = self._page()
        self.assertIn(
            "a third party's: we are waiting for their answer", page["status"]
        )

    def test_offer_pending(self):
        self._send_decision(self.complaint, is_offer=True)
        self.assertTrue(self.complaint.closed)
        for lang, stage_text in (("en_US", ANSWERED_TEXT), ("fr_FR", ANSWERED_TEXT_FR)):
            page = self._page(lang=lang)
            self.assertNotIn(stage_text, page["page"])
            self.assertNotIn("appeal", page["status"])
            self.assertNotIn("o_reclamation_appeal_form", page["page"])
        page = self._page()
        self.assertIn("Waiting for your answer to our proposal", page["status"])
        self.assertIn("tell us below whether you accept it", page["status"])
        self.assertIn(
            "yours: we are waiting for your answer to our proposal", page["status"]
        )
        self.assertNotIn("Closed on", page["dates"])
        self.assertIn("Do you accept this proposal?", page["page"])

    def test_offer_refused(self):
        before = self.complaint.resolution_deadline
        self._refuse_offer()
        self.assertFalse(self.complaint.closed)
        self.assertGreater(self.complaint.resolution_deadline, before)
        page = self._page()
        status = self._get_status()
        self.assertIn(status["deadline_text"], page["status"])
        self.assertNotIn(RECEIVED_TEXT, page["page"])
        self.assertNotIn("assess how complex", page["page"])
        self.assertIn("You refused our proposal on", page["status"])
        self.assertIn("We will send you a decision by", page["status"])
        self.assertIn("ours: we are working on your complaint", page["status"])
        self.assertNotIn("Closed on", page["dates"])
        page = self._page(lang="fr_FR")
        self.assertNotIn(RECEIVED_TEXT_FR, page["page"])

    def _get_status(self):
        tz = self.complaint._get_portal_tz(self.claire.partner_id)
        return self.complaint.sudo()._get_portal_status(tz=tz)[self.complaint.id]

    def test_appeal_requested(self):
        self._appeal()
        page = self._page()
        self.assertNotIn("assess how complex", page["page"])
        self.assertIn("Your appeal is being reviewed", page["status"])
        self.assertIn("You asked for an internal appeal on", page["status"])
        self.assertIn(self._get_status()["deadline_text"], page["status"])
        self.assertIn("ours: we are working on your complaint", page["status"])
        page = self._page(lang="fr_FR")
        self.assertNotIn(RECEIVED_TEXT_FR, page["page"])

    def test_appeal_decided(self):
        self._appeal()
        self._send_decision(self.complaint, outcome="rejected", user=self.senior)
        self.assertEqual(self.complaint.appeal_state, "decided")
        for lang, stage_text in (("en_US", ANSWERED_TEXT), ("fr_FR", ANSWERED_TEXT_FR)):
            page = self._page(lang=lang)
            self.assertNotIn(stage_text, page["page"])
            self.assertNotIn("you may ask for an appeal", page["page"])
            self.assertNotIn("o_reclamation_appeal_form", page["page"])
        page = self._page()
        self.assertIn("Appeal decided", page["status"])
        self.assertIn("final within the association", page["status"])
        self.assertNotIn("Next move", page["status"])

    def test_answered_with_a_decision(self):
        self._send_decision(self.complaint, outcome="rejected")
        page = self._page()
        self.assertIn("Answered", page["status"])
        self.assertIn("you can ask for an internal appeal until", page["status"])
        self.assertIn("Closed on", page["dates"])

    def test_closed_without_a_decision(self):
        wizard = (
            self.env["reclamation.complaint.close"]
            .with_user(self.handler)
            .create(
                {
                    "ticket_id": self.complaint.id,
                    "stage_id": self.stage_answered.id,
                    "root_cause_id": self.env.ref(
                        "reclamation_charter.root_cause_delay"
                    ).id,
                }
            )
        )
        wizard.action_close()
        self.env.invalidate_all()
        self.assertTrue(self.complaint.closed)
        self.assertFalse(self.complaint.resolution_ids)
        for lang, stage_text in (("en_US", ANSWERED_TEXT), ("fr_FR", ANSWERED_TEXT_FR)):
            page = self._page(lang=lang)
            self.assertNotIn(stage_text, page["page"])
        page = self._page()
        self.assertIn("Closed without a decision", page["status"])
        self.assertNotIn("Answered", page["status"])
        self.assertIn("without sending you a decision", page["status"])
        self.assertNotIn("appeal", page["page"])
        self.assertIn("Closed on", page["dates"])
