"""National reports as PDF: the Aarhus implementation report and concept action-plan reports."""
