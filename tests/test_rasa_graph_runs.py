"""Speed-up 17 (stodkollen/rasa_speedups.py): each set of targets of a graph runner is planned
once. A graph shaped like a model's (inputs, a chain, a diamond, targets on several levels) is run
with many inputs and sets of targets by Rasa's own `DaskGraphRunner.run` and by ours, on the same
runner: the same results, the same nodes called in the same order, and a clashing input refused
the same way.

Run in a child process: the patches change Rasa for the whole process.
"""

from tests.child_process import answer_of_child

CHILD = """
import json, random, sys
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage

rasas_run = DaskGraphRunner.run
from stodkollen import rasa_speedups
rasa_speedups._graph_runs_planned_once()
assert DaskGraphRunner.run is not rasas_run
called = []

class Step(GraphComponent):
    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config, execution_context.node_name)
    def __init__(self, config, name):
        self.config, self.name = config, name
    def apply(self, **given):
        called.append(self.name)
        return [self.name, self.config["k"], sorted(given.items())]

def node(needs, k, target=False, eager=True):
    return SchemaNode(needs=needs, uses=Step, constructor_name="create", fn="apply", config={"k": k},
                      eager=eager, is_target=target)

schema = GraphSchema({
    "read": node({"text": "__message__"}, 1), "tokens": node({"read": "read"}, 2, eager=False),
    "left": node({"tokens": "tokens"}, 3), "right": node({"tokens": "tokens", "t": "__tracker__"}, 4),
    "joined": node({"left": "left", "right": "right"}, 5, target=True),
    "policy": node({"joined": "joined", "t": "__tracker__"}, 6, target=True),
    "alone": node({}, 7)})
runner = DaskGraphRunner(schema, LocalModelStorage(sys.argv[1]), ExecutionContext(schema, "model"))
rng = random.Random(17)
differences, runs = [], 0
for _ in range(400):
    targets = rng.choice([None, ["joined"], ["policy"], ["left", "policy"], ["alone"], ["read"]])
    inputs = {"__message__": rng.choice(["hej", "3 miljoner", 5]), "__tracker__": rng.choice([1, 2])}
    if rng.random() < 0.05:
        inputs["__message__"] = "read"  # an input that clashes with a node's name
    outcomes = []
    for run in (rasas_run, DaskGraphRunner.run):
        called.clear()
        try:
            outcomes.append(["returned", run(runner, dict(inputs), targets), list(called)])
        except GraphRunError as error:
            outcomes.append(["raised", str(error), list(called)])
    runs += 1
    if outcomes[0] != outcomes[1]:
        differences.append([targets, inputs, outcomes])
print(json.dumps({"differences": differences[:3], "runs": runs,
                  "planned": sorted(map(list, runner._planned_graphs))}, default=str))
"""


def test_graph_runs_planned_once_give_rasas_results(tmp_path):
    result = answer_of_child(CHILD, str(tmp_path))
    assert result["differences"] == []
    assert result["runs"] == 400
    assert len(result["planned"]) == 6  # one plan for each set of targets, reused
