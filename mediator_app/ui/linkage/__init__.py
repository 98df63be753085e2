"""The linkage screens: work orders to other units (工作联系单/协办函) and the committee's unit list."""
