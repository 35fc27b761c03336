"""Two fine-tuned candidates side by side on a training plan bought elsewhere, from Python.

The plan is checked when the deployment runs; each candidate serves on it with
capacity-reservations-only and moves to on-demand capacity an hour before the plan ends; a day
before, a notice goes to an SNS topic. Needs the SDK that `pulumi package add` generates.
"""
import pulumi
import pulumi_sagemaker_inference as smi

config = pulumi.Config()
reservation_arn = config.require("reservationArn")

# The plan must hold both candidates, of its type, when the deployment runs.
plan = smi.ExistingTrainingPlan(
    "plan",
    reservation_arn=reservation_arn,
    instance_type="ml.p5.48xlarge",
    instance_count=2,
    allow_ended=True,  # the endpoints move to on demand before it ends
)

endpoint_names = []
for name in ["llama3-70b-ft-a", "llama3-70b-ft-b"]:
    model = smi.InferenceModel(
        name,
        image="763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
        model_data_url=f"s3://acme-models/llama3-70b/{name.removeprefix('llama3-70b-')}/",
        environment={"OPTION_TENSOR_PARALLEL_DEGREE": "8"},
    )
    endpoint = smi.ReservedEndpoint(
        name,
        model_name=model.model_name,
        instance_type="ml.p5.48xlarge",
        reservation={
            "reservation_arn": reservation_arn,
            "reserved_instance_type": "ml.p5.48xlarge",
            "reserved_instance_count": 2,
        },
        on_reservation_end={
            "end_time": plan.end_time,
            "status": plan.status,
            "switch_to_on_demand": {"minutes_before": 60},
        },
        opts=pulumi.ResourceOptions(depends_on=[plan]),
    )
    endpoint_names.append(endpoint.endpoint_name)

notice = smi.ReservationEndNotice(
    "reservation-end",
    reservation_arn=reservation_arn,
    end_time=plan.end_time,
    endpoint_names=endpoint_names,
    hours_before=24,
    switch_minutes_before=60,
)

pulumi.export("endpointNames", endpoint_names)
pulumi.export("timeLeft", plan.time_left)
pulumi.export("noticeAt", notice.schedule_expression)
