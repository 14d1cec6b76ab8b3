"""Small widgets every page uses: task panel, copy and secret fields, collapsible sections."""
