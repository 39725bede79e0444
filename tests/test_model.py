"""The lumbar load model: API, published values, properties, bad input."""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eduwidgets import model
from eduwidgets.model import (
    MUSCLE_RANGES,
    POSTURE_RANGES,
    Body,
    LumbarLoad,
    Muscles,
    Posture,
    lumbar_load,
)

G = model.GRAVITY_M_PER_S2


# --- published values the model uses ---------------------------------------------------------


def test_niosh_limits():
    # NIOSH (1981) Work Practices Guide for Manual Lifting; Waters et al. (1993) Ergonomics 36:749
    assert model.ACTION_LIMIT_N == 3400.0
    assert model.MAXIMUM_LIMIT_N == 6400.0


def test_upper_body_mass_fraction_is_dempster_sum():
    # Winter (2009) Table 4.1: thorax-abdomen 0.355 + head-neck 0.081 + 2 x total arm 0.050
    assert model.UPPER_BODY_MASS_FRACTION == pytest.approx(0.355 + 0.081 + 2 * 0.050)


def test_lumbar_share_of_flexion_is_esola():
    # Esola et al. (1996) Spine 21:71: 41.6 of 111 degrees from the lumbar spine
    assert model.LUMBAR_SHARE_OF_FLEXION == pytest.approx(0.375, abs=1e-3)


def test_cocontraction_share_falls_as_the_moment_rises():
    # Granata & Marras (2000) Spine 25:1398: co-contraction raised compression 12 to 18 %
    # across their tasks, relatively less at larger moments. The model's baseline tone
    # (Cholewicki et al. 1997) keeps its force, so its share falls as the moment rises.
    def share(posture):
        r = lumbar_load(posture=posture)
        added = r.cocontraction_force_n * (
            1 + model.ABDOMINAL_MOMENT_ARM_M / model.EXTENSOR_MOMENT_ARM_M
        )
        return added / r.compression_n

    shares = [share(Posture(trunk_flexion_deg=f)) for f in (0, 20, 40, 60)]
    assert shares == sorted(shares, reverse=True)
    assert 0.05 < share(Posture(trunk_flexion_deg=20)) < 0.25


def test_extensor_moment_arm_is_a_measured_l4_l5_value():
    # Imaging puts erector spinae 5 to 7 cm behind the L4/L5 disc (Jorgensen et al. 2001;
    # McGill et al. 1996 upright correction); Chaffin's 5 cm is the low end, for L5/S1.
    assert 0.05 < model.EXTENSOR_MOMENT_ARM_M <= 0.07


def test_sitting_shift_from_lord_lordosis_loss():
    # Lord et al. (1997) Spine 22:2571: lordosis 49 deg standing, 34 deg sitting.
    assert model.SITTING_LORDOSIS_LOSS_DEG == 15.0
    assert model.SITTING_COM_SHIFT_M == pytest.approx(0.138 * math.sin(math.radians(7.5)))


def test_disc_pressure_uses_nachemson_relation():
    # Nachemson (1960) Acta Orthop Scand Suppl 43: P = 1.5 F / A; A = 18 cm^2 (Nachemson 1966)
    result = lumbar_load()
    expected_mpa = 1.5 * result.compression_n / 18e-4 / 1e6
    assert result.disc_pressure_mpa == pytest.approx(expected_mpa)


def test_psoas_capacity_from_reid_and_burkhart():
    # Reid et al. (1994) 16.3 cm^2 a side; Burkhart et al. (2018) 75.5 N/cm^2
    assert model.PSOAS_MAX_FORCE_N == pytest.approx(2 * 16.3 * 75.5)


def test_abdominal_moment_arm_from_jorgensen_upright():
    # Jorgensen, Marras, Smith & Pope (2005) Clin Biomech 20:242: 8.5 cm at L4/L5, upright
    assert model.ABDOMINAL_MOMENT_ARM_M == 0.085


def test_shoulder_distance_from_de_leva_segment_lengths():
    # de Leva (1996) J Biomech 29:1223: trunk SUPR-MIDH 531.9 mm, lower trunk OMPH-MIDH
    # 145.7 mm, stature 1741 mm (men)
    assert model.SHOULDER_DISTANCE_FRACTION == pytest.approx(0.2218, abs=1e-4)


def test_hip_share_of_flexion_is_esola():
    # Esola et al. (1996) Spine 21:71: 69.4 of 111 degrees from the hips
    assert model.HIP_SHARE_OF_FLEXION == pytest.approx(0.625, abs=1e-3)


def test_arms_hang_from_the_shoulders_until_the_hands_reach_further():
    bent = lumbar_load(posture=Posture(trunk_flexion_deg=45))
    weight_n = 70 * G
    shoulder_m = 0.02 * math.cos(math.radians(45)) + 0.2218 * 1.75 * math.sin(math.radians(45))
    trunk_m = 0.02 * math.cos(math.radians(45)) + 0.129 * 1.75 * math.sin(math.radians(45))
    expected_nm = 0.436 * weight_n * trunk_m + 0.100 * weight_n * shoulder_m
    assert bent.flexion_moment_nm == pytest.approx(expected_nm, rel=1e-3)
    reaching = lumbar_load(posture=Posture(trunk_flexion_deg=45, load_distance_m=0.6))
    assert reaching.flexion_moment_nm > bent.flexion_moment_nm


# --- values the model reproduces --------------------------------------------------------------


def test_standing_compression_is_about_body_weight_above_the_disc():
    # Relaxed standing: gravity of the upper body plus a small extensor force.
    result = lumbar_load()
    upper_body_weight_n = 0.536 * 70 * G
    assert upper_body_weight_n < result.compression_n < 2 * upper_body_weight_n
    assert result.zone == "below action limit"


def test_standing_disc_pressure_near_in_vivo_order_of_magnitude():
    # Wilke et al. (1999) Spine 24:755 measured 0.5 MPa in relaxed standing (one subject).
    # This is an order-of-magnitude check, not a fit: no constant is tuned to it.
    assert 0.25 < lumbar_load().disc_pressure_mpa < 1.0


def test_zone_names_follow_niosh_limits():
    assert model.load_zone(3399.0) == "below action limit"
    assert model.load_zone(3401.0) == "above action limit"
    assert model.load_zone(6401.0) == "above maximum limit"


def test_holding_a_box_close_is_below_the_action_limit_and_further_out_is_more():
    close = lumbar_load(posture=Posture(load_kg=20, load_distance_m=0.3))
    far = lumbar_load(posture=Posture(load_kg=20, load_distance_m=0.6))
    assert close.compression_n < far.compression_n
    assert close.zone == "below action limit"
    # An ordinary 20 kg hold needs well under all of a typical adult's strength.
    assert close.extensor_effort < 0.5


def test_weak_extensors_work_harder_for_the_same_moment():
    typical = lumbar_load(posture=Posture(trunk_flexion_deg=30))
    weak = lumbar_load(posture=Posture(trunk_flexion_deg=30), muscles=Muscles(extensors=0.5))
    assert weak.extensor_effort == pytest.approx(2 * typical.extensor_effort)
    assert weak.compression_n == pytest.approx(typical.compression_n)


@pytest.mark.parametrize("position", model.POSITIONS)
@pytest.mark.parametrize("strength", [0.2, 0.5, 1.5, 2.0])
def test_strength_never_changes_the_load(position, strength):
    posture = Posture(position=position, trunk_flexion_deg=30, hip_flexor_activation=0.3)
    typical = lumbar_load(posture=posture)
    for field in ("extensors", "obliques", "hip_flexors", "abdominals"):
        other = lumbar_load(posture=posture, muscles=Muscles(**{field: strength}))
        assert other.compression_n == pytest.approx(typical.compression_n), field
        assert other.shear_n == pytest.approx(typical.shear_n), field


def test_weaker_groups_use_a_bigger_share_of_their_strength():
    posture = Posture(trunk_flexion_deg=30, hip_flexor_activation=0.2)
    typical = lumbar_load(posture=posture)
    weak = lumbar_load(
        posture=posture, muscles=Muscles(obliques=0.5, hip_flexors=0.5, abdominals=0.5)
    )
    for name in ("abdominal_effort", "oblique_effort", "hip_flexor_effort"):
        assert getattr(weak, name) == pytest.approx(2 * getattr(typical, name)), name


def test_tension_raises_the_load_and_the_extensor_effort():
    typical = lumbar_load()
    for field in ("abdominals_tension", "obliques_tension"):
        braced = lumbar_load(muscles=Muscles(**{field: 0.15}))
        assert braced.compression_n > typical.compression_n, field
        assert braced.extensor_effort > typical.extensor_effort, field


def test_tight_hip_flexors_are_not_psoas_work():
    # A Thomas test measures hip-extension range, not activity (Andersson et al. 1995):
    # only a task that makes the psoas work adds its compression and shear.
    typical = lumbar_load()
    leg_raise = lumbar_load(posture=Posture(position="lying", hip_flexor_activation=0.5))
    lying = lumbar_load(posture=Posture(position="lying"))
    assert leg_raise.psoas_force_n == pytest.approx(0.5 * model.PSOAS_MAX_FORCE_N)
    assert leg_raise.compression_n > lying.compression_n
    assert leg_raise.shear_n > lying.shear_n
    assert typical.psoas_force_n == 0.0


def test_positions_order_as_in_vivo_lying_lowest():
    lying, standing, sitting = (
        lumbar_load(posture=Posture(position=p)).compression_n
        for p in ("lying", "standing", "sitting")
    )
    assert lying < 0.3 * standing
    # Sitting sits between Wilke et al. 1999 (slightly below standing) and
    # Nachemson 1981 (40% above): evidence is mixed.
    assert standing < sitting < 1.4 * standing


def test_lying_ignores_bending_and_loads():
    lying = lumbar_load(posture=Posture(position="lying"))
    odd = lumbar_load(posture=Posture(position="lying", trunk_flexion_deg=60, load_kg=20))
    assert odd.compression_n == pytest.approx(lying.compression_n)
    assert odd.flexion_moment_nm == 0.0


def test_forces_add_up_to_compression_when_upright():
    r = lumbar_load(
        posture=Posture(hip_flexor_activation=0.2), muscles=Muscles(obliques_tension=0.1)
    )
    weight_n = 0.536 * 70 * G
    ligament_share = 1.0 - model.DISC_SHARE_OF_PASSIVE_MOMENT
    parts = (
        weight_n
        + r.extensor_force_n
        + ligament_share * r.passive_moment_nm / model.EXTENSOR_MOMENT_ARM_M
        + r.cocontraction_force_n
        + math.cos(math.radians(model.PSOAS_FASCICLE_ANGLE_DEG)) * r.psoas_force_n
    )
    assert r.compression_n == pytest.approx((1.0 - r.abdominal_pressure_relief) * parts)
    assert r.abdominal_force_n + r.oblique_force_n == pytest.approx(r.cocontraction_force_n)


# --- API shape --------------------------------------------------------------------------------


def test_defaults_and_names():
    assert Body() == Body(mass_kg=70.0, height_m=1.75)
    assert Posture() == Posture(
        position="standing", trunk_flexion_deg=0.0, load_kg=0.0, load_distance_m=0.0
    )
    assert Muscles() == Muscles(
        extensors=1.0, obliques=1.0, hip_flexors=1.0, abdominals=1.0, abdominals_tension=0.0
    )
    result = lumbar_load(body=Body(), posture=Posture(), muscles=Muscles())
    assert isinstance(result, LumbarLoad)
    for name in ("compression_n", "shear_n", "disc_pressure_mpa", "extensor_effort"):
        assert isinstance(getattr(result, name), float)
    assert isinstance(result.zone, str)


def test_vectorised_curve_in_one_call():
    flexion_deg = np.linspace(0, 60, 7)
    result = lumbar_load(posture=Posture(trunk_flexion_deg=flexion_deg))
    assert result.compression_n.shape == (7,)
    assert result.zone.shape == (7,)
    assert np.all(np.diff(result.compression_n) > 0)


def test_arrays_broadcast_together():
    result = lumbar_load(
        posture=Posture(load_kg=np.array([0.0, 10.0, 20.0])[:, None]),
        muscles=Muscles(extensors=np.array([0.5, 1.0])),
    )
    assert result.compression_n.shape == (3, 2)
    assert result.extensor_effort.shape == (3, 2)


def test_as_dict_is_json_ready():
    import json

    json.dumps(lumbar_load(posture=Posture(trunk_flexion_deg=np.array([0.0, 30.0]))).as_dict())


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda: Body(mass_kg=float("nan")), "mass_kg", "NaN"),
        (lambda: Body(mass_kg=0), "mass_kg", "0"),
        (lambda: Body(mass_kg=-70), "mass_kg", "-70"),
        (lambda: Body(height_m=0), "height_m", "0"),
        (lambda: Posture(trunk_flexion_deg=120), "trunk_flexion_deg", "120"),
        (lambda: Posture(trunk_flexion_deg=-5), "trunk_flexion_deg", "-5"),
        (lambda: Posture(load_kg=-1), "load_kg", "-1"),
        (lambda: Posture(load_distance_m=-0.1), "load_distance_m", "-0.1"),
        (lambda: Muscles(extensors=0.0), "extensors", "0"),
        (lambda: Muscles(hip_flexors=3.0), "hip_flexors", "3"),
        (lambda: Muscles(obliques=np.array([1.0, np.nan])), "obliques", "NaN"),
        (lambda: Muscles(abdominals_tension=0.5), "abdominals_tension", "0.5"),
        (lambda: Posture(hip_flexor_activation=1.5), "hip_flexor_activation", "1.5"),
    ],
)
def test_bad_input_names_field_value_and_range(make, field, value):
    with pytest.raises(ValueError) as error:
        make()
    message = str(error.value)
    assert field in message
    assert value in message
    assert " to " in message  # the allowed range


def test_unknown_position_names_field_value_and_choices():
    with pytest.raises(ValueError) as error:
        Posture(position="kneeling")
    message = str(error.value)
    assert 'Posture.position = "kneeling"' in message
    assert '"standing", "sitting", "lying"' in message


def test_wrong_argument_type_is_refused():
    with pytest.raises(TypeError):
        lumbar_load(body=Posture())


# --- properties -------------------------------------------------------------------------------

flexion = st.floats(*POSTURE_RANGES["trunk_flexion_deg"])
load = st.floats(*POSTURE_RANGES["load_kg"])
distance = st.floats(*POSTURE_RANGES["load_distance_m"])
muscle = st.floats(*MUSCLE_RANGES["extensors"])
mass = st.floats(*model.BODY_RANGES["mass_kg"])
height = st.floats(*model.BODY_RANGES["height_m"])


def _compression(**kwargs):
    body = Body(**{k: kwargs.pop(k) for k in ("mass_kg", "height_m") if k in kwargs})
    posture = Posture(
        **{
            k: kwargs.pop(k)
            for k in ("trunk_flexion_deg", "load_kg", "load_distance_m")
            if k in kwargs
        }
    )
    return lumbar_load(body, posture, Muscles(**kwargs)).compression_n


@settings(max_examples=200)
@given(flexion, st.floats(0.1, 50.0), st.floats(0.0, 49.0), distance)
def test_compression_rises_with_load(flexion_deg, extra_kg, load_kg, distance_m):
    distance_m = max(distance_m, 0.05)
    low = _compression(trunk_flexion_deg=flexion_deg, load_kg=load_kg, load_distance_m=distance_m)
    high_kg = min(load_kg + extra_kg, 50.0)
    high = _compression(trunk_flexion_deg=flexion_deg, load_kg=high_kg, load_distance_m=distance_m)
    assert high >= low
    if high_kg > load_kg + 1e-9:
        assert high > low


@settings(max_examples=200)
@given(flexion, st.floats(0.5, 50.0), distance, distance)
def test_compression_rises_with_load_distance(flexion_deg, load_kg, d1, d2):
    near, far = sorted((d1, d2))
    c_near = _compression(trunk_flexion_deg=flexion_deg, load_kg=load_kg, load_distance_m=near)
    c_far = _compression(trunk_flexion_deg=flexion_deg, load_kg=load_kg, load_distance_m=far)
    assert c_far >= c_near


@settings(max_examples=200)
@given(st.floats(0.0, 60.0), st.floats(0.0, 60.0), load, distance, muscle, muscle, muscle, muscle)
def test_compression_rises_with_trunk_flexion_up_to_60_degrees(a, b, kg, d, ext, obl, hip, abd):
    low, high = sorted((a, b))
    kwargs = dict(load_kg=kg, load_distance_m=d, extensors=ext, obliques=obl)
    kwargs.update(hip_flexors=hip, abdominals=abd)
    assert _compression(trunk_flexion_deg=high, **kwargs) >= _compression(
        trunk_flexion_deg=low, **kwargs
    )


@settings(max_examples=200)
@given(flexion, st.floats(0.0, 0.3), st.floats(0.0, 0.3), muscle)
def test_compression_rises_with_tension(flexion_deg, x1, x2, strength):
    low, high = sorted((x1, x2))
    for field in ("obliques_tension", "abdominals_tension"):
        c_low = _compression(trunk_flexion_deg=flexion_deg, abdominals=strength, **{field: low})
        c_high = _compression(trunk_flexion_deg=flexion_deg, abdominals=strength, **{field: high})
        assert c_high >= c_low
        if high - low > 1e-6:
            assert c_high > c_low


@settings(max_examples=300)
@given(mass, height, flexion, load, distance, muscle, muscle, muscle, muscle)
def test_outputs_finite_over_the_valid_range(m, h, f, kg, d, ext, obl, hip, abd):
    posture = Posture(trunk_flexion_deg=f, load_kg=kg, load_distance_m=d)
    result = lumbar_load(Body(m, h), posture, Muscles(ext, obl, hip, abd))
    for name, value in result.as_dict().items():
        if name != "zone":
            assert math.isfinite(value), name
            if name != "shear_n":
                assert value >= 0, name


@settings(max_examples=50)
@given(st.lists(st.tuples(flexion, load, distance, muscle, muscle), min_size=1, max_size=20))
def test_array_and_scalar_calls_agree(rows):
    f, kg, d, ext, hip = (np.array(column) for column in zip(*rows, strict=True))
    batch = lumbar_load(
        posture=Posture(trunk_flexion_deg=f, load_kg=kg, load_distance_m=d),
        muscles=Muscles(extensors=ext, hip_flexors=hip),
    )
    for i, row in enumerate(rows):
        one = lumbar_load(
            posture=Posture(trunk_flexion_deg=row[0], load_kg=row[1], load_distance_m=row[2]),
            muscles=Muscles(extensors=row[3], hip_flexors=row[4]),
        )
        for name, value in one.as_dict().items():
            if name == "zone":
                assert batch.zone[i] == value
            else:
                assert getattr(batch, name)[i] == pytest.approx(value, rel=1e-12), name


def test_zero_dimensional_arrays_give_plain_values():
    result = lumbar_load(posture=Posture(trunk_flexion_deg=np.array(30.0)))
    assert isinstance(result.compression_n, float)
    assert result.zone == "below action limit"


def test_clinician_notes_name_every_constant():
    """The clinicians' page must not drift from the model it describes."""
    notes = (Path(__file__).resolve().parents[1] / "docs" / "clinician-notes.md").read_text()
    constants = [n for n in dir(model) if n.isupper() and isinstance(getattr(model, n), float)]
    missing = [name for name in constants if f"`{name}`" not in notes]
    assert not missing, f"docs/clinician-notes.md does not name: {missing}"


def _constant_docstrings() -> dict[str, str]:
    """Each float constant of model.py with the docstring that follows it."""
    import ast
    import itertools

    body = ast.parse(Path(model.__file__).read_text()).body
    docs = {}
    for node, following in itertools.pairwise(body):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.isupper() and isinstance(getattr(model, name), float):
                is_doc = isinstance(following, ast.Expr) and isinstance(
                    following.value, ast.Constant
                )
                docs[name] = following.value.value if is_doc else ""
    return docs


def test_every_constant_has_a_unit_a_source_and_an_evidence_note():
    import re

    docs = _constant_docstrings()
    assert len(docs) >= 20
    for name, doc in docs.items():
        assert doc, f"{name} has no docstring"
        first = doc.split("\n\n")[0]
        assert re.search(r"\[[^\]]+\]", first), f"{name}: no [unit] in its first paragraph"
        assert "References\n----------" in doc, f"{name}: no References section"
        assert "evidence note" in " ".join(doc.split()).lower(), f"{name}: no evidence note"


def test_shoulder_forward_distance_turns_about_the_disc():
    distance = model.shoulder_forward_distance_m
    assert distance(0, 1.75) == pytest.approx(model.UPRIGHT_COM_OFFSET_M)
    assert distance(0, 1.75, "sitting") == pytest.approx(
        model.UPRIGHT_COM_OFFSET_M + model.SITTING_COM_SHIFT_M
    )
    assert distance(90, 1.75) == pytest.approx(model.SHOULDER_DISTANCE_FRACTION * 1.75)
    curve = distance(np.array([0.0, 30.0, 60.0]), 1.75)
    assert curve.shape == (3,) and np.all(np.diff(curve) > 0)
    with pytest.raises(ValueError, match=r'Posture\.position = "kneeling"'):
        distance(30, 1.75, "kneeling")


def test_hands_at_the_shoulder_distance_keep_the_arms_hanging():
    # At the shoulder distance the arms hang straight: holding the load there adds only
    # the load's own moment, as the model's reach term says.
    flexion_deg, height_m = 70.0, 1.75
    hanging = model.shoulder_forward_distance_m(flexion_deg, height_m)
    posture = Posture(trunk_flexion_deg=flexion_deg, load_kg=0.0, load_distance_m=hanging)
    empty = Posture(trunk_flexion_deg=flexion_deg, load_kg=0.0, load_distance_m=0.0)
    body = Body(height_m=height_m)
    assert lumbar_load(body, posture).compression_n == lumbar_load(body, empty).compression_n


# The terms added for issue 22: each from its source, none fitted to a row.


def test_lying_is_held_at_the_discs_swelling_pressure():
    # Wilke et al. 1999: about 0.10 MPa lying, not the near-zero of muscle tone alone.
    lying = lumbar_load(posture=Posture(position="lying"))
    assert lying.disc_pressure_mpa == pytest.approx(model.DISC_SWELLING_PRESSURE_MPA)
    low, high = model.lumbar_load_range(posture=Posture(position="lying"))
    assert low.disc_pressure_mpa == pytest.approx(0.10)
    assert high.disc_pressure_mpa == pytest.approx(model.DISC_SWELLING_PRESSURE_MORNING_MPA)


def test_passive_tissue_takes_over_in_deep_bends_and_levels_the_load():
    curve = lumbar_load(posture=Posture(trunk_flexion_deg=np.array([0.0, 33.0, 53.0, 90.0])))
    # Passive tissue never resists more than the moment there is, and grows with the bend.
    assert np.all(curve.passive_moment_nm <= curve.flexion_moment_nm + 1e-9)
    assert np.all(np.diff(curve.passive_moment_nm) > 0)
    # Muscle work falls as a share of the moment (flexion-relaxation).
    share = curve.extensor_force_n[1:] * model.EXTENSOR_MOMENT_ARM_M / curve.flexion_moment_nm[1:]
    assert share[-1] < share[0]
    # Between 33 and 53 degrees the load rises far less than the moment does.
    load_rise = curve.compression_n[2] / curve.compression_n[1] - 1.0
    moment_rise = curve.flexion_moment_nm[2] / curve.flexion_moment_nm[1] - 1.0
    # (0.18 against 0.39 today; without the two new terms 0.24: checked by removing them)
    assert load_rise < 0.5 * moment_rise


def test_abdominal_pressure_relieves_only_above_the_marras_threshold():
    light = lumbar_load(posture=Posture(load_kg=10, load_distance_m=0.3))
    heavy = lumbar_load(posture=Posture(trunk_flexion_deg=60, load_kg=20, load_distance_m=0.5))
    assert light.flexion_moment_nm < model.ABDOMINAL_PRESSURE_THRESHOLD_NM
    assert light.abdominal_pressure_relief == 0.0
    assert heavy.abdominal_pressure_relief == pytest.approx(model.ABDOMINAL_PRESSURE_RELIEF_SHARE)
    low, high = model.lumbar_load_range(
        posture=Posture(trunk_flexion_deg=60, load_kg=20, load_distance_m=0.5)
    )
    assert high.abdominal_pressure_relief == 0.0  # McGill & Norman: the relief may be nil
    assert low.abdominal_pressure_relief == pytest.approx(0.21)  # Stokes et al. 2010


def test_a_backrest_carries_the_upper_body():
    free = lumbar_load(posture=Posture(position="sitting"))
    leaning = lumbar_load(posture=Posture(position="sitting", backrest=1.0))
    standing = lumbar_load()
    assert leaning.compression_n < standing.compression_n < free.compression_n
    assert leaning.flexion_moment_nm == 0.0
    # A backrest means nothing standing or lying.
    assert lumbar_load(posture=Posture(backrest=1.0)).compression_n == standing.compression_n


@pytest.mark.parametrize(
    "posture",
    [
        Posture(),
        Posture(position="sitting", backrest=0.5),
        Posture(trunk_flexion_deg=45, load_kg=15, load_distance_m=0.4),
        Posture(position="lying"),
    ],
)
def test_the_single_figure_lies_inside_its_range(posture):
    low, high = model.lumbar_load_range(posture=posture)
    central = lumbar_load(posture=posture)
    assert low.disc_pressure_mpa <= central.disc_pressure_mpa <= high.disc_pressure_mpa
    assert low.compression_n <= central.compression_n <= high.compression_n
