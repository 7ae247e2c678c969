# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_portal
from . import test_portal_security
from . import test_portal_privacy
from . import test_portal_complaint_form
from . import test_portal_complaints
from . import test_portal_complaint_files
from . import test_portal_readable_fields
from . import test_portal_fuzz
from . import test_portal_tours
from . import test_portal_routes
from . import test_portal_decisions
from . import test_portal_decision_tours
from . import test_decision_backend_tours
from . import test_portal_decision_fuzz
from . import test_acknowledgement_links
from . import test_portal_satisfaction
from . import test_portal_home_counters
from . import test_portal_complaint_status
