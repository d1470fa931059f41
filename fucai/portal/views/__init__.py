"""The portal's pages, one module per topic: ``public`` (calls, notices, draws,
tracking, for everyone), ``account`` (the applicant's sign-up and sign-in),
``applications`` (the applicant's own applications) and ``spacing`` (the map picker's
distances)."""
