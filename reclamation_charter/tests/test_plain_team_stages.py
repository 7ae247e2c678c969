# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestPlainTeamStages(ReclamationCase):
    """The closing stages only complaints use ("Withdrawn", "Resolved
    amicably") belong to the complaint desks: a plain support team, and a
    ticket without a team, keep helpdesk's stages as without this addon.
    helpdesk_mgmt gives a stage without teams to every team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.withdrawn = cls.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn"
        )
        cls.amicable = cls.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_resolved_amicably"
        )
        cls.closing = cls.withdrawn | cls.amicable
        # Team-specific stages, as many helpdesks are set up: helpdesk's
        # generic stages serve the support team only, the desks have theirs.
        cls.support_stages = Stage.search([("team_ids", "=", False)]) - cls.closing
        cls.support_stages.team_ids = [Command.set(cls.support.ids)]
        cls.desk_stage = Stage.create(
            {
                "name": "Received",
                "sequence": 1,
                "team_ids": [Command.set((cls.desk | cls.other_desk).ids)],
            }
        )

    def _stage_choices(self, team):
        """The stages helpdesk_mgmt offers a ticket of ``team``: the domain
        of the ticket's stage field."""
        return self.env["helpdesk.ticket.stage"].search(
            ["|", ("team_ids", "=", team.id), ("team_ids", "=", False)]
        )

    def _kanban_columns(self, team):
        """The columns of ``team``'s ticket kanban (helpdesk_mgmt's group
        expansion, the team as the kanban's default team)."""
        Ticket = self.env["helpdesk.ticket"].with_context(default_team_id=team.id)
        return Ticket._read_group_stage_ids(self.env["helpdesk.ticket.stage"], [])

    def test_ticket_without_team_never_lands_in_a_closing_stage(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer jam", "description": "<p>Again.</p>"}
        )
        self.assertFalse(ticket.team_id)
        self.assertNotIn(ticket.stage_id, self.closing)
        self.assertFalse(ticket.closed)

    def test_support_team_keeps_helpdesk_stages(self):
        self.assertEqual(self.support._get_applicable_stages(), self.support_stages)
        self.assertEqual(self._stage_choices(self.support), self.support_stages)
        self.assertFalse(self._kanban_columns(self.support) & self.closing)
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "VPN down",
                "description": "<p>Since this morning.</p>",
                "team_id": self.support.id,
            }
        )
        self.assertEqual(ticket.stage_id, self.support_stages[:1])

    def test_complaint_desks_have_the_closing_stages(self):
        for desk in self.desk | self.other_desk:
            self.assertEqual(
                desk._get_applicable_stages(), self.desk_stage | self.closing
            )
            self.assertEqual(self._stage_choices(desk), self.desk_stage | self.closing)
            self.assertEqual(self._kanban_columns(desk), self.desk_stage | self.closing)
        complaint = self._create_complaint()
        self.assertEqual(complaint.stage_id, self.desk_stage)

    def test_team_made_a_desk_gains_them_and_loses_them_when_unticked(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Billing"})
        self.assertFalse(team._get_applicable_stages() & self.closing)
        team.is_complaint_desk = True
        self.assertEqual(team._get_applicable_stages() & self.closing, self.closing)
        team.is_complaint_desk = False
        self.assertFalse(team._get_applicable_stages() & self.closing)
        # The other desks keep them.
        self.assertEqual(
            self.desk._get_applicable_stages() & self.closing, self.closing
        )

    def test_withdrawn_complaint_keeps_its_stage_when_its_team_stops_being_a_desk(
        self,
    ):
        complaint = self._create_complaint()
        complaint.sudo().stage_id = self.withdrawn
        self.desk.is_complaint_desk = False
        self.assertEqual(complaint.stage_id, self.withdrawn)
        self.assertFalse(self.desk._get_applicable_stages() & self.closing)

    def test_without_any_desk_the_closing_stages_serve_no_team(self):
        Team = self.env["helpdesk.ticket.team"].with_context(active_test=False)
        desks = Team.search([("is_complaint_desk", "=", True)])
        desks.write({"is_complaint_desk": False})
        self.assertFalse(self.support._get_applicable_stages() & self.closing)
        self.assertFalse(self._kanban_columns(self.support) & self.closing)
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer jam", "description": "<p>Again.</p>"}
        )
        self.assertNotIn(ticket.stage_id, self.closing)
        # A new desk gets them back, and only it.
        desk = Team.create({"name": "New complaint desk", "is_complaint_desk": True})
        self.assertEqual(desk._get_applicable_stages() & self.closing, self.closing)
        self.assertFalse(self.support._get_applicable_stages() & self.closing)

    def test_deleting_the_last_desk_leaves_the_closing_stages_to_no_team(self):
        Team = self.env["helpdesk.ticket.team"].with_context(active_test=False)
        Team.search([("is_complaint_desk", "=", True)]).unlink()
        self.assertFalse(self.support._get_applicable_stages() & self.closing)
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer jam", "description": "<p>Again.</p>"}
        )
        self.assertNotIn(ticket.stage_id, self.closing)

    def test_archived_desk_keeps_them_to_itself(self):
        self.other_desk.active = False
        self.desk.is_complaint_desk = False
        self.assertFalse(self.support._get_applicable_stages() & self.closing)
        self.assertFalse(self._stage_choices(self.support) & self.closing)
