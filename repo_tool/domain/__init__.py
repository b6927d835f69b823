"""The rules of the work: SQS 2 reviews and due dates, status, policy lifecycle, staff
acknowledgements, changes since a visit, the roster, performance standards, and searching."""
