"""Demo material: fictional GP-mentoring interviews, a questionnaire, the codebook and coding plan."""
