# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Query budgets of what the desk does most: the complaint form and list as a
handler reads them, the alert job and the acknowledgement job. Lists and jobs
are measured for 1 and for 50 complaints: the count must not grow with them
(the acknowledgement posts one letter per complaint, hence its two budgets).
Budgets are the measured counts: raise one only for a reason you can name."""

from datetime import timedelta
from unittest.mock import patch

from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import warmup

from .common import ReclamationCase


def view_spec(model, node):
    """The web_read specification the web client sends for a view's arch:
    its fields, many2one with their name, x2many with the fields of their
    sub-view."""
    spec = {}
    for child in node.iterchildren():
        if child.tag != "field":
            if child.tag not in ("list", "kanban", "form", "search"):
                spec.update(view_spec(model, child))
            continue
        name = child.get("name")
        field = model._fields[name]
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = next(child.iterchildren("list", "kanban"), None)
            comodel = model.env[field.comodel_name]
            spec[name] = {
                "fields": view_spec(comodel, sub)
                if sub is not None
                else {"display_name": {}}
            }
        else:
            spec.setdefault(name, {})
    return spec


@tagged("post_install", "-at_install")
class TestQueryBudgets(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["reclamation.sla.policy"]._create_preset("generic")
        cls.complaints = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Complaint {i}",
                    "description": "<p>Still waiting.</p>",
                    "team_id": cls.desk.id,
                    "partner_id": cls.customer.id,
                    "user_id": cls.handler.id,
                }
                for i in range(50)
            ]
        )
        Ticket = cls.env["helpdesk.ticket"].with_user(cls.handler)
        form = Ticket.get_views([(False, "form")])["views"]["form"]["arch"]
        cls.form_spec = view_spec(Ticket, etree.fromstring(form))
        action = cls.env.ref("reclamation_charter.helpdesk_ticket_action_complaint")
        list_view = next(view for view, mode in action.views if mode == "list")
        arch = etree.fromstring(
            Ticket.get_views([(list_view, "list")])["views"]["list"]["arch"]
        )
        cls.list_spec = view_spec(Ticket, arch)
        cls.list_order = arch.get("default_order")

    def _list(self, complaints):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.handler)
            .web_search_read(
                [("id", "in", complaints.ids)],
                self.list_spec,
                limit=80,
                order=self.list_order,
                count_limit=10001,
            )
        )

    def _run_job(self, method):
        """Run a job as its cron does (its commits are no-ops here)."""
        with patch.object(
            type(self.env["ir.cron"]),
            "_commit_progress",
            lambda self, processed=0, remaining=None, deactivate=False: float("inf"),
        ):
            getattr(self.env["helpdesk.ticket"], method)()

    def _only_pending(self, complaints):
        """Only ``complaints`` wait for their acknowledgement."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET ack_state = CASE WHEN id IN %s "
            "THEN 'pending' ELSE 'sent' END WHERE ack_state = 'pending'",
            (tuple(complaints.ids),),
        )
        self.env.invalidate_all()

    @warmup
    def test_complaint_form_read(self):
        complaint = self.complaints[0].with_user(self.handler)
        # 16; the decisions of the "Decisions" tab (issue 10) are one more; the
        # closure section (issue 11) two: the root cause's name and the linked
        # corrective actions.
        with self.assertQueryCount(default=19):
            complaint.web_read(self.form_spec)

    @warmup
    def test_complaint_list_1(self):
        with self.assertQueryCount(default=9):
            self._list(self.complaints[:1])

    @warmup
    def test_complaint_list_50(self):
        with self.assertQueryCount(default=9):
            self._list(self.complaints)

    def _cross_thresholds(self, complaints):
        past = fields.Datetime.now() - timedelta(hours=1)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET sla_risk_date = %s, sla_alert_level = NULL "
            "WHERE id IN %s",
            (past, tuple(complaints.ids)),
        )
        self.env.invalidate_all()

    @warmup
    def test_alert_job_1(self):
        self._cross_thresholds(self.complaints[:1])
        with self.assertQueryCount(default=21):
            self._run_job("_cron_sla_alerts")
        self.assertEqual(self.complaints[0].sla_alert_level, "at_risk")

    @warmup
    def test_alert_job_50(self):
        self._cross_thresholds(self.complaints)
        with self.assertQueryCount(default=21):
            self._run_job("_cron_sla_alerts")
        self.assertEqual(set(self.complaints.mapped("sla_alert_level")), {"at_risk"})

    # One letter posted per complaint through the template machinery
    # (rendering is batched per template, posting is per complaint: the
    # message, its notification and its queued mail), and the mail queue
    # woken up once for the batch (4 queries).
    @warmup
    def test_acknowledgement_job_1(self):
        self._only_pending(self.complaints[:1])
        with self.assertQueryCount(default=54):
            self._run_job("_cron_send_acknowledgements")
        self.assertEqual(self.complaints[0].ack_state, "sent")

    @warmup
    def test_acknowledgement_job_50(self):
        self._only_pending(self.complaints)
        with self.assertQueryCount(default=691):
            self._run_job("_cron_send_acknowledgements")
        self.assertEqual(set(self.complaints.mapped("ack_state")), {"sent"})
