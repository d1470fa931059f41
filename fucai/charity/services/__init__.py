"""Every write of the charity app (activities, beneficiaries, grants), one module per
topic; views, the API, the portal and the demo call these."""
