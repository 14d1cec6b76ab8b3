"""The pages of the window: the plan list, then one page per step of the journey."""
