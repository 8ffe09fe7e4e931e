"""A first end-to-end check of plan file v1: load, dump, load again, resolve."""

from actionplan.core import planfile, planresolve

SMALL = """\
version: 1
organization: {id: sao-mai, name: Tiệm bánh Sao Mai, locale: vi}
people:
  - {id: lan, name: Nguyễn Thị Lan}
strategies:
  - id: visibility
    title: Tăng mức độ hiện diện trên truyền thông
    start: 2027-03-01
    action_plans:
      - id: media
        title: Truyền thông
        responsible: lan
        steps:
          - {id: list, title: Lập danh sách truyền thông, due: cuối tuần thứ hai của tháng đầu tiên}
          - {id: send, title: Phát hành, after: [list], repeat: hàng tháng, times: 6, due: cuối tháng}
"""


def test_load_dump_round_trip_and_resolve():
    plan = planfile.load(SMALL, "small.yaml")
    text = planfile.dump(plan)
    assert planfile.load(text) == plan
    assert planfile.dump(planfile.load(text)) == text
    resolved = planresolve.resolve_plan(plan)
    assert len(resolved.due["visibility/media/send"]) == 6
    assert resolved.due["visibility/media/list"][0].date().isoformat() == "2027-03-12"
