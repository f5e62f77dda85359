"""Small helpers every app may import; core imports no app."""
