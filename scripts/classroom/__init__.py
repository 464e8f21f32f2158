"""Classroom assignments for the course's Java notebooks: release, collect, autograde, feedback, report.

Compatible with nbgrader's cell metadata (schema version 3) and folder layout, written for Java:
stubs that throw, hidden tests that only the grader sees, and grading in a sandboxed course
kernel. `./course classroom --help` is the entry point; docs/classroom.md is the teacher's guide.
"""
