"""Training of sales staff (持证上岗): courses and their materials, live sessions, question
banks, exams and attempts. Passing an exam issues a certificate through
``fucai.stations.services.certificate_issue``."""
