# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The decisions on the customer's complaint page: what was decided and why,
the letter, the answer to an amicable offer (on the page and through the
tokened link of the email) and the request for an appeal, tried by the
person who complains, the person they represent, a colleague of the same
company, a customer of another company and the public user."""

import re
from contextlib import contextmanager
from datetime import timedelta

from lxml import html

from odoo import fields, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_portal_complaints import ComplaintPortalCase


class DecisionPortalCase(ComplaintPortalCase):
    """The complaints of ComplaintPortalCase, a mediator for the company, a
    second handler, and decisions sent by the desk's own action."""

    @classmethod
    def _setup_decisions(cls):
        cls._setup_complaints()
        env = cls.env
        cls.mediator = env["res.partner"].create(
            {
                "name": "Médiateur de la consommation des associations",
                "is_company": True,
                "website": "https://mediateur.example.org",
                "street": "1 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
            }
        )
        env.company.reclamation_mediator_id = cls.mediator
        cls.handler.name = "Hélène Martin"
        cls.desk.user_ids = [(4, cls.handler.id)]
        cls.claire.partner_id.lang = "en_US"

    def _send_decision(
        self, complaint, outcome="partly_upheld", is_offer=False, user=None, pdf=False
    ):
        """A decision recorded and sent by a handler, as the desk does it;
        its letter a real PDF with ``pdf`` (tests render reports as HTML
        otherwise). The complaint closes with its root cause."""
        if not complaint.root_cause_id:
            complaint.with_user(user or self.handler).root_cause_id = self.env.ref(
                "reclamation_charter.root_cause_delay"
            )
        resolution = (
            self.env["reclamation.resolution"]
            .with_user(user or self.handler)
            .with_context(force_report_rendering=pdf)
            .create(
                {
                    "ticket_id": complaint.id,
                    "outcome": outcome,
                    "remedy_granted": "A voucher of 20 euros <b>now</b>.",
                    "rationale": "The clinic did disclose the file, but the "
                    "apology was already sent.",
                    "is_offer": is_offer,
                }
            )
        )
        resolution.action_send()
        self.env.invalidate_all()
        return resolution.sudo()

    def _text(self, response):
        return " ".join(html.fromstring(response.text).text_content().split())

    @contextmanager
    def _assert_untouched(self, complaint):
        """Nothing changes on the complaint, its decisions, its log and its
        messages."""
        self.env.invalidate_all()
        resolutions = complaint.sudo().resolution_ids
        state = (
            complaint.stage_id,
            complaint.appeal_state,
            complaint.appeal_deadline,
            complaint.resolution_deadline,
            complaint.user_id,
            [(r.offer_state, r.offer_answered_on) for r in resolutions],
            complaint.message_ids,
            self.env["reclamation.decision.log"].search_count([]),
        )
        yield
        self.env.invalidate_all()
        self.assertEqual(
            state,
            (
                complaint.stage_id,
                complaint.appeal_state,
                complaint.appeal_deadline,
                complaint.resolution_deadline,
                complaint.user_id,
                [(r.offer_state, r.offer_answered_on) for r in resolutions],
                complaint.message_ids,
                self.env["reclamation.decision.log"].search_count([]),
            ),
        )

    def _post(self, url, data=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data, allow_redirects=False, method="POST")


@tagged("post_install", "-at_install")
class TestPortalDecisionPage(DecisionPortalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()

    def test_owner_reads_the_decision_and_can_appeal(self):
        draft = (
            self.env["reclamation.resolution"]
            .with_user(self.handler)
            .create(
                {
                    "ticket_id": self.denis_complaint.id,
                    "outcome": "upheld",
                    "rationale": "Draft reasons nobody outside reads.",
                }
            )
        )
        resolution = self._send_decision(self.complaint)
        self.assertTrue(self.complaint._reclamation_can_appeal())
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        (card,) = tree.xpath("//article[hasclass('o_reclamation_decision')]")
        text = " ".join(card.text_content().split())
        self.assertIn("Partly upheld", text)
        self.assertIn("We agree with part of your complaint.", text)
        # Text shown escaped.
        self.assertIn("A voucher of 20 euros <b>now</b>.", text)
        self.assertNotIn("<b>now</b>", response.text)
        self.assertIn("The clinic did disclose the file", text)
        self.assertIn("Hélène Martin", text)
        decided_on = resolution.decided_on
        self.assertIn(str(decided_on.year), text)
        # The consumer mediator of the rejection, with their address and site.
        (mediator,) = card.xpath(".//*[hasclass('o_reclamation_decision_mediator')]")
        mediator_text = " ".join(mediator.text_content().split())
        self.assertIn("Médiateur de la consommation des associations", mediator_text)
        self.assertIn("1 rue de la Paix", mediator_text)
        (address,) = mediator.xpath(".//p[contains(@style, 'pre-line')]")
        self.assertEqual(address.text_content(), "1 rue de la Paix\nParis 75002")
        self.assertIn("75002", mediator_text)
        self.assertEqual(mediator_text.count("Médiateur de la consommation"), 1)
        self.assertEqual(
            mediator.xpath(".//a/@href"), ["https://mediateur.example.org"]
        )
        # The letter, the appeal form with its reason and deadline.
        (link,) = card.xpath(".//a[hasclass('o_reclamation_decision_letter')]")
        self.assertEqual(
            link.get("href"),
            f"/my/complaints/{self.complaint.id}/decision/{resolution.id}/letter",
        )
        (form,) = tree.xpath("//form[hasclass('o_reclamation_appeal_form')]")
        self.assertEqual(
            form.get("action"), f"/my/complaints/{self.complaint.id}/appeal"
        )
        self.assertEqual(form.xpath(".//textarea/@name"), ["reason"])
        self.assertTrue(form.xpath(".//label[@for='appeal_reason']"))
        self.assertTrue(form.xpath(".//input[@name='csrf_token']/@value")[0])
        self.assertTrue(tree.xpath("//*[hasclass('o_reclamation_appeal_deadline')]"))
        # No offer to answer; the customer reads no "ticket" here.
        self.assertNotIn("o_reclamation_offer_answer", response.text)
        self.assertNotIn("ticket", self._text(response).lower())
        self.assertNotIn("Draft reasons", response.text)
        self.assertTrue(draft)

    def test_no_decision_no_section(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("complaint_decisions", response.text)
        self.assertNotIn("o_reclamation_appeal_form", response.text)

    def test_upheld_decision_offers_no_appeal(self):
        self._send_decision(self.complaint, outcome="upheld")
        self.assertFalse(self.complaint._reclamation_can_appeal())
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("We agree with your complaint.", self._text(response))
        self.assertNotIn("o_reclamation_appeal_form", response.text)
        self.assertNotIn("o_reclamation_decision_mediator", response.text)

    def test_mediator_website_only_as_a_web_address(self):
        self.mediator.website = "javascript:alert(1)"
        self._send_decision(self.complaint, outcome="rejected")
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertIn("o_reclamation_decision_mediator", response.text)
        self.assertNotIn('href="javascript:', response.text)

    def test_readers_who_may_not_act(self):
        """The person represented reads the decision; with the token of the
        complaint's email link, the public user reads it and its letter, but
        neither is offered to appeal through the token."""
        self._send_decision(self.complaint)
        token = self.complaint._portal_ensure_token()
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}", params={"access_token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Partly upheld", response.text)
        self.assertNotIn("o_reclamation_appeal_form", response.text)
        tree = html.fromstring(response.text)
        (href,) = tree.xpath("//a[hasclass('o_reclamation_decision_letter')]/@href")
        self.assertIn(f"access_token={token}", href)

    def test_others_do_not_see_the_decision(self):
        self._send_decision(self.complaint)
        for login in ("rcpc-denis", "rcpc-bob"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(f"/my/complaints/{self.complaint.id}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("The clinic did disclose", response.text)

    # The letter

    def _letter_url(self, complaint, resolution):
        return f"/my/complaints/{complaint.id}/decision/{resolution.id}/letter"

    def test_letter_download(self):
        resolution = self._send_decision(self.complaint, pdf=True)
        self.assertTrue(resolution.report_attachment_id)
        self.assertTrue(resolution.report_attachment_id.raw.startswith(b"%PDF"))
        url = self._letter_url(self.complaint, resolution)
        for login in ("rcpc-claire", "rcpc-emile"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    response.headers["Content-Type"].split(";")[0], "application/pdf"
                )
                self.assertIn("attachment", response.headers["Content-Disposition"])
                self.assertEqual(response.content, resolution.report_attachment_id.raw)
        # With the complaint's token, not logged in.
        token = self.complaint._portal_ensure_token()
        self.authenticate(None, None)
        response = self.url_open(url, params={"access_token": token})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, resolution.report_attachment_id.raw)

    def test_letter_refused_to_others(self):
        resolution = self._send_decision(self.complaint)
        denis_resolution = self._send_decision(self.denis_complaint)
        url = self._letter_url(self.complaint, resolution)
        letter = resolution.report_attachment_id.raw
        for login in ("rcpc-denis", "rcpc-bob"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                for params in ({}, {"access_token": "not-the-token"}):
                    response = self.url_open(url, params=params)
                    self.assertEqual(response.status_code, 404)
                    self.assertNotEqual(response.content, letter)
                # The token of their own decision opens no other letter.
                response = self.url_open(
                    url, params={"access_token": denis_resolution.access_token}
                )
                self.assertEqual(response.status_code, 404)
        self.authenticate(None, None)
        self.assertEqual(self.url_open(url).status_code, 403)
        self.assertEqual(
            self.url_open(url, params={"access_token": "x"}).status_code, 404
        )
        # Another complaint's decision under Claire's complaint.
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(self._letter_url(self.complaint, denis_resolution))
        self.assertEqual(response.status_code, 404)

    def test_draft_decision_has_no_letter(self):
        draft = (
            self.env["reclamation.resolution"]
            .with_user(self.handler)
            .create(
                {
                    "ticket_id": self.complaint.id,
                    "outcome": "upheld",
                    "rationale": "Not sent yet.",
                }
            )
        )
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(self._letter_url(self.complaint, draft))
        self.assertEqual(response.status_code, 404)

    # Query budget

    def _count_detail_queries(self, decisions, budget=24):
        self.env.cr.precommit.run()
        self.authenticate("rcpc-claire", "rcpc-claire")
        url = f"/my/complaints/{self.complaint.id}"
        self.url_open(url)
        before = self.cr.sql_log_count
        # The page of TestPortalComplaintPages (22 queries), one for the
        # decisions with what is shown of them, whatever their number, and
        # one for the answers to the offers, which say where it stands.
        with self.assertQueryCount(budget):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        self.assertEqual(
            len(tree.xpath("//article[hasclass('o_reclamation_decision')]")),
            decisions,
        )
        return self.cr.sql_log_count - before

    def test_detail_queries_with_a_decision_within_budget(self):
        self._send_decision(self.complaint, outcome="rejected")
        one = self._count_detail_queries(1)
        # The customer appeals; another handler decides the appeal.
        self.complaint.with_user(self.claire)._record_appeal("Review it", "portal")
        other = new_test_user(
            self.env,
            login="rcpc-handler-2",
            groups="reclamation_charter.group_reclamation_handler",
            name="Paul Bernard",
        )
        self.desk.user_ids = [(4, other.id)]
        self.complaint.user_id = other
        self._send_decision(self.complaint, outcome="upheld", user=other)
        # One more, not for the decisions: the timeline now shows a stage
        # other than the current one (the appeal reopened the complaint), and
        # reads its name.
        self.assertEqual(self._count_detail_queries(2, budget=25), one + 1)


@tagged("post_install", "-at_install")
class TestPortalOffer(DecisionPortalCase, HttpCase):
    """The customer answers an amicable offer: on the complaint page, logged
    in, or through the tokened link of the email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()

    def setUp(self):
        super().setUp()
        self.offer = self._send_decision(
            self.complaint, outcome="partly_upheld", is_offer=True
        )
        self.assertEqual(self.offer.offer_state, "pending")
        self.assertTrue(self.offer.access_token)

    def _offer_url(self, answer, complaint=None, offer=None):
        complaint = complaint or self.complaint
        offer = offer or self.offer
        return f"/my/complaints/{complaint.id}/offer/{offer.id}/{answer}"

    def _offer_logs(self):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id)]
        )

    def test_page_shows_the_offer_buttons(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        tree = html.fromstring(response.text)
        (accept,) = tree.xpath("//form[hasclass('o_reclamation_offer_accept_form')]")
        (refuse,) = tree.xpath("//form[hasclass('o_reclamation_offer_refuse_form')]")
        self.assertEqual(accept.get("action"), self._offer_url("accept"))
        self.assertEqual(refuse.get("action"), self._offer_url("refuse"))
        self.assertEqual(accept.get("method"), "POST")
        self.assertIn("Waiting for your answer.", self._text(response))
        self.assertIn("Our proposal", self._text(response))
        self.assertIn("Proposed by Hélène Martin", self._text(response))
        (status,) = tree.xpath("//section[@id='complaint_status']")
        status = " ".join(status.text_content().split())
        self.assertIn("Waiting for your answer to our proposal", status)
        self.assertIn(
            "Next move: yours: we are waiting for your answer to our proposal.",
            status,
        )
        self.assertNotIn("information from you", status)
        self.assertNotIn("o_reclamation_offer_how", response.text)
        self.assertNotIn("ticket", self._text(response).lower())
        # With the complaint's token, not logged in: no buttons, how to answer.
        token = self.complaint._portal_ensure_token()
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}", params={"access_token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_reclamation_offer_how", response.text)
        self.assertNotIn("o_reclamation_offer_accept_form", response.text)

    def _list_queries(self):
        self.url_open("/my/complaints")
        before = self.cr.sql_log_count
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response

    def test_list_says_the_offer_awaits_the_customer(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        one, response = self._list_queries()
        tree = html.fromstring(response.text)
        rows = {
            " ".join(row.xpath("./td[2]/a")[0].text_content().split()): " ".join(
                row.text_content().split()
            )
            for row in tree.xpath("//tr[hasclass('o_reclamation_complaint_row')]")
        }
        row = rows[self.complaint.name]
        self.assertIn("Waiting for your answer to our proposal", row)
        self.assertIn("Next move: You", row)
        self.assertNotIn("Waiting for your answer", rows[self.closed_complaint.name])
        # More offers on the page: the same number of queries.
        Ticket = self.env["helpdesk.ticket"]
        for index in range(3):
            complaint = Ticket.create(
                {
                    "name": f"Offer number {index}",
                    "description": "<p>Text</p>",
                    "team_id": self.desk.id,
                    "stage_id": self.stage_review.id,
                    "partner_id": self.claire.partner_id.id,
                }
            )
            self._send_decision(complaint, is_offer=True)
        self.env.cr.precommit.run()
        three, response = self._list_queries()
        self.assertEqual(
            response.text.count("Waiting for your answer to our proposal"), 4 * 2
        )
        self.assertEqual(three, one)

    def test_owner_accepts_on_the_page(self):
        logs = self._offer_logs()
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self._post(self._offer_url("accept"))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/complaints/{self.complaint.id}?message=offer_accepted"
            )
        )
        self.env.invalidate_all()
        self.assertEqual(self.offer.offer_state, "accepted")
        self.assertEqual(self.offer.offer_answer_channel, "portal")
        self.assertTrue(self.offer.offer_answered_on)
        self.assertTrue(self.complaint.closed)
        new_logs = self._offer_logs() - logs
        self.assertTrue(new_logs)
        self.assertEqual(new_logs.user_id, self.claire)
        response = self.url_open(response.headers["Location"])
        text = self._text(response)
        self.assertIn("Thank you: you accepted our proposal.", text)
        self.assertIn("You accepted this proposal on", text)
        self.assertNotIn("Waiting for your answer to our proposal", text)
        self.assertNotIn("o_reclamation_offer_answer", response.text)
        # Answered twice: nothing changes.
        with self._assert_untouched(self.complaint):
            response = self._post(self._offer_url("refuse"))
            self.assertEqual(response.status_code, 303)
            self.assertTrue(
                response.headers["Location"].endswith("?message=offer_not_answered")
            )

    def test_owner_refuses_on_the_page(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self._post(self._offer_url("refuse"))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("message=offer_refused"))
        self.env.invalidate_all()
        self.assertEqual(self.offer.offer_state, "refused")
        self.assertEqual(self.offer.offer_answer_channel, "portal")
        self.assertFalse(self.complaint.closed)

    def test_others_cannot_answer(self):
        for login, status in (
            ("rcpc-denis", 404),
            ("rcpc-bob", 404),
            (None, 403),
        ):
            for answer in ("accept", "refuse"):
                with (
                    self.subTest(login=login, answer=answer),
                    self._assert_untouched(self.complaint),
                ):
                    self.authenticate(login, login)
                    response = self._post(self._offer_url(answer))
                    self.assertEqual(response.status_code, status)
                    self.assertNotIn("The clinic did disclose", response.text)

    def test_desk_cannot_answer_for_the_customer(self):
        """A handler reads the complaint, but the portal's buttons are the
        customer's: the desk records an answer given otherwise in the
        backend."""
        self.authenticate("rcpc-handler", "rcpc-handler")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_reclamation_offer_accept_form", response.text)
        with self._assert_untouched(self.complaint):
            response = self._post(self._offer_url("accept"))
            self.assertEqual(response.status_code, 403)

    def test_ids_of_another_complaint(self):
        denis_offer = self._send_decision(
            self.denis_complaint, outcome="rejected", is_offer=True
        )
        self.authenticate("rcpc-claire", "rcpc-claire")
        for url in (
            # Denis's offer under Claire's complaint, and under his.
            self._offer_url("accept", offer=denis_offer),
            self._offer_url(
                "accept", complaint=self.denis_complaint, offer=denis_offer
            ),
            # Claire's offer under Denis's complaint.
            self._offer_url("accept", complaint=self.denis_complaint),
            # A complaint that does not exist.
            f"/my/complaints/999999999/offer/{self.offer.id}/accept",
        ):
            with (
                self.subTest(url=url),
                self._assert_untouched(self.denis_complaint),
                self._assert_untouched(self.complaint),
            ):
                self.assertEqual(self._post(url).status_code, 404)
        self.assertEqual(denis_offer.offer_state, "pending")

    def test_needs_post_and_csrf(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        with self._assert_untouched(self.complaint), mute_logger("odoo.http"):
            response = self._post(self._offer_url("accept"), csrf=False)
            self.assertEqual(response.status_code, 400)
        # A GET only shows the confirmation page.
        with self._assert_untouched(self.complaint):
            response = self.url_open(self._offer_url("accept"))
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_reclamation_offer_confirm_form", response.text)
        # An unknown answer is no route.
        with self._assert_untouched(self.complaint):
            response = self._post(self._offer_url("maybe"))
            self.assertEqual(response.status_code, 404)

    # The link of the email

    def _confirm_page(self, answer, token):
        response = self.url_open(
            self._offer_url(answer), params={"access_token": token}
        )
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        forms = tree.xpath("//form[hasclass('o_reclamation_offer_confirm_form')]")
        return response, forms

    def test_email_link_accepts_without_login(self):
        self.authenticate(None, None)
        token = self.offer.access_token
        with self._assert_untouched(self.complaint):
            response, (form,) = self._confirm_page("accept", token)
        self.assertIn("Please confirm that you accept this proposal.", response.text)
        self.assertNotIn("ticket", self._text(response).lower())
        self.assertIn("A voucher of 20 euros", self._text(response))
        self.assertEqual(form.get("method"), "POST")
        self.assertEqual(form.get("action"), self._offer_url("accept"))
        data = {
            name: form.xpath(f".//input[@name='{name}']/@value")[0]
            for name in ("csrf_token", "access_token")
        }
        self.assertEqual(data["access_token"], token)
        response = self.url_open(
            self._offer_url("accept"), data=data, allow_redirects=False
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you: you accepted our proposal.", self._text(response))
        self.env.invalidate_all()
        self.assertEqual(self.offer.offer_state, "accepted")
        self.assertEqual(self.offer.offer_answer_channel, "email")
        self.assertTrue(self.complaint.closed)
        # Answered twice: a clear page, nothing changed.
        with self._assert_untouched(self.complaint):
            response, forms = self._confirm_page("refuse", token)
            self.assertFalse(forms)
            self.assertIn("This proposal was already answered", self._text(response))
            response = self.url_open(
                self._offer_url("refuse"),
                data={**data, "csrf_token": http.Request.csrf_token(self)},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 409)
            self.assertIn("This proposal was already answered", self._text(response))

    def test_email_link_refuses(self):
        self.authenticate(None, None)
        response = self._post(
            self._offer_url("refuse"), {"access_token": self.offer.access_token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("you refused our proposal", self._text(response))
        self.env.invalidate_all()
        self.assertEqual(self.offer.offer_state, "refused")
        self.assertEqual(self.offer.offer_answer_channel, "email")

    def test_email_link_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.claire.partner_id.lang = "fr_FR"
        self.authenticate(None, None)
        response, _forms = self._confirm_page("accept", self.offer.access_token)
        self.assertIn('lang="fr-FR"', response.text)

    def test_wrong_tokens_change_nothing(self):
        denis_offer = self._send_decision(
            self.denis_complaint, outcome="rejected", is_offer=True
        )
        ticket_token = self.complaint._portal_ensure_token()
        for login in (None, "rcpc-denis", "rcpc-bob"):
            for token in (
                "not-the-token",
                # The complaint's own token reads, it does not answer.
                ticket_token,
                # The token of another customer's offer.
                denis_offer.access_token,
                self.offer.access_token[:-1],
            ):
                with (
                    self.subTest(login=login, token=token),
                    self._assert_untouched(self.complaint),
                ):
                    self.authenticate(login, login)
                    response = self.url_open(
                        self._offer_url("accept"), params={"access_token": token}
                    )
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn("A voucher of 20 euros", response.text)
                    response = self._post(
                        self._offer_url("accept"), {"access_token": token}
                    )
                    self.assertEqual(response.status_code, 404)
        # The right token under another complaint's id.
        self.authenticate(None, None)
        with self._assert_untouched(self.complaint):
            response = self._post(
                self._offer_url("accept", complaint=self.denis_complaint),
                {"access_token": self.offer.access_token},
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(denis_offer.offer_state, "pending")

    def test_email_link_without_csrf_changes_nothing(self):
        self.authenticate(None, None)
        with self._assert_untouched(self.complaint), mute_logger("odoo.http"):
            response = self._post(
                self._offer_url("accept"),
                {"access_token": self.offer.access_token},
                csrf=False,
            )
            self.assertEqual(response.status_code, 400)

    def test_public_without_token_is_sent_to_login(self):
        self.authenticate(None, None)
        response = self.url_open(self._offer_url("accept"), allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_not_an_offer(self):
        decision = self._send_decision(self.denis_complaint, outcome="rejected")
        self.assertFalse(decision.offer_state)
        self.authenticate("rcpc-denis", "rcpc-denis")
        with self._assert_untouched(self.denis_complaint):
            response = self._post(
                self._offer_url(
                    "accept", complaint=self.denis_complaint, offer=decision
                )
            )
            self.assertEqual(response.status_code, 404)


@tagged("post_install", "-at_install")
class TestPortalAppeal(DecisionPortalCase, HttpCase):
    """The customer asks for an appeal from the complaint page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_decisions()

    def setUp(self):
        super().setUp()
        self.decision = self._send_decision(self.complaint, outcome="rejected")
        self.assertTrue(self.complaint._reclamation_can_appeal())

    def _appeal(self, reason="The clinic never apologised.", csrf=True):
        data = {} if reason is None else {"reason": reason}
        return self._post(f"/my/complaints/{self.complaint.id}/appeal", data, csrf=csrf)

    def test_owner_asks_for_an_appeal(self):
        logs = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id)]
        )
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self._appeal("The clinic never <i>apologised</i>.")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/complaints/{self.complaint.id}?message=appeal_requested"
            )
        )
        self.env.invalidate_all()
        self.assertEqual(self.complaint.appeal_state, "requested")
        self.assertFalse(self.complaint.closed)
        new_logs = (
            self.env["reclamation.decision.log"].search(
                [("ticket_id", "=", self.complaint.id)]
            )
            - logs
        )
        self.assertTrue(new_logs)
        self.assertIn(self.claire, new_logs.user_id)
        self.assertIn("The clinic never <i>apologised</i>.", new_logs.mapped("reason"))
        response = self.url_open(response.headers["Location"])
        text = self._text(response)
        self.assertIn("Your appeal is recorded.", text)
        self.assertIn("You asked for an appeal.", text)
        self.assertNotIn("o_reclamation_appeal_form", response.text)
        # Asking twice changes nothing.
        with self._assert_untouched(self.complaint):
            response = self._appeal("Again")
            self.assertTrue(
                response.headers["Location"].endswith("?message=appeal_not_recorded")
            )

    def test_appeal_out_of_time(self):
        # The window closed yesterday.
        self.complaint._write_managed(
            {"appeal_deadline": fields.Date.today() - timedelta(days=1)}
        )
        self.assertFalse(self.complaint._reclamation_can_appeal())
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertNotIn("o_reclamation_appeal_form", response.text)
        with self._assert_untouched(self.complaint):
            response = self._appeal()
            self.assertEqual(response.status_code, 303)
            self.assertTrue(
                response.headers["Location"].endswith("?message=appeal_not_recorded")
            )
        self.assertEqual(self.complaint.appeal_state, "open")

    def test_bad_reasons_change_nothing(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        for reason, message in (
            (None, "appeal_reason_missing"),
            ("   ", "appeal_reason_missing"),
            ("\x00", "appeal_reason_missing"),
            ("x" * 5001, "appeal_reason_too_long"),
        ):
            with self.subTest(message=message), self._assert_untouched(self.complaint):
                response = self._appeal(reason)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(
                    response.headers["Location"].endswith(f"?message={message}")
                )

    def test_others_cannot_appeal(self):
        for login, status in (("rcpc-denis", 404), ("rcpc-bob", 404), (None, 403)):
            with self.subTest(login=login), self._assert_untouched(self.complaint):
                self.authenticate(login, login)
                response = self._appeal("Not mine")
                self.assertEqual(response.status_code, status)
                self.assertNotIn("The clinic did disclose", response.text)
        # Nor on a ticket that is not a complaint.
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self._post(
            f"/my/complaints/{self.claire_ticket.id}/appeal", {"reason": "x"}
        )
        self.assertEqual(response.status_code, 404)

    def test_desk_cannot_appeal_for_the_customer(self):
        self.authenticate("rcpc-handler", "rcpc-handler")
        with self._assert_untouched(self.complaint):
            response = self._appeal("Appeal by the desk")
            self.assertEqual(response.status_code, 403)

    def test_appeal_needs_post_and_csrf(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        with self._assert_untouched(self.complaint), mute_logger("odoo.http"):
            response = self._appeal(csrf=False)
            self.assertEqual(response.status_code, 400)
        with self._assert_untouched(self.complaint):
            response = self.url_open(
                f"/my/complaints/{self.complaint.id}/appeal",
                params={"reason": "GET"},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 405)

    def test_csrf_token_of_the_page(self):
        """The form's own CSRF token works (what a browser sends)."""
        self.authenticate("rcpc-claire", "rcpc-claire")
        page = self.url_open(f"/my/complaints/{self.complaint.id}")
        (token,) = html.fromstring(page.text).xpath(
            "//form[hasclass('o_reclamation_appeal_form')]"
            "//input[@name='csrf_token']/@value"
        )
        self.assertTrue(re.match(r"^[0-9a-f]+o\d+$", token))
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}/appeal",
            data={"csrf_token": token, "reason": "Please review."},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.complaint.appeal_state, "requested")
