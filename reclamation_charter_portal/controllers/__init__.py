# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import charter
from . import helpdesk_ticket
from . import privacy_notice
from . import portal_privacy
from . import portal_complaint_form
from . import portal_complaint
from . import portal_complaint_decision
from . import survey
