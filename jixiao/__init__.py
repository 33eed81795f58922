"""jixiao: contradiction checker for budget performance self-evaluation reports."""
