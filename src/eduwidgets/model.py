"""A sagittal-plane static model of the load on the L4/L5 disc.

The model is simple on purpose: a patient should be able to follow it, and a
clinician should be able to trace every number to a paper. Its structure follows
the simple static models of the lower back (a single equivalent extensor, an
equivalent abdominal wall, the psoas), with each constant taken from a published
measurement; no constant is fitted to the in-vivo pressures it is checked against
(``eduwidgets.validation``). It balances moments about the L4/L5 disc in the side
view:

1. Gravity pulls the body above the disc and anything in the hands forward of the
   disc, making a flexion moment (newton metres). In lying, the bed carries the
   body, so gravity neither presses along the spine nor bends it.
2. The back extensors pull down just behind the disc to balance that moment.
   Their lever is short, so their force is large, and it presses the disc: this
   is most of the compression when you bend or hold something.
3. The abdominal wall (rectus abdominis and obliques) keeps a low baseline tone
   that stiffens the spine; the extensors pull a little harder to balance it.
   That tone does not grow with the moment, so co-contraction is a large share
   of a small load and a small share of a large one, as Granata & Marras (2000)
   found. Bracing or guarding (``Muscles.abdominals_tension`` and
   ``obliques_tension``) adds to it.
4. The psoas adds compression and shear only when a task asks it to work hard
   (``Posture.hip_flexor_activation``: lifting both legs, a sit-up). A tight
   Thomas test measures hip-extension range, not psoas activity, so it moves no
   load in this model.

Strength is capacity, not load. ``Muscles.extensors``, ``obliques``,
``hip_flexors`` and ``abdominals`` are each group's strength relative to a
typical adult. They never change the push on the disc; they change the share of
strength a task needs (``extensor_effort``, ``abdominal_effort``, ...).

Every input may be a number or a numpy array (``Posture.position`` is one word
for the whole call); arrays broadcast together so a lesson can compute a whole
curve in one call.

5. Passive tissue (ligaments, the disc, stretched muscle) resists part of the
   moment, more as the lumbar spine flexes (Dolan et al. 1994); the disc's own
   share of it presses nothing (Adams et al. 1980), so muscle work and, a little,
   the load level off in deep bends.
6. Intra-abdominal pressure relieves part of the compression above about 54 N m
   (Marras & Mirka 1996); the sources disagree on how much (Stokes et al. 2010;
   McGill & Norman 1987), so the relief is a range.
7. The disc keeps its own swelling pressure, about 0.1 MPa, when there is almost
   no load on it (Wilke et al. 1999), so lying is not near zero.
8. A backrest carries the moment of the upper body's weight (Andersson et al. 1974).

``lumbar_load_range`` gives every output at both ends of the published spread of
the uncertain constants (``UNCERTAIN``).

What the model leaves out, on purpose: the backward lean people use to balance a
load held in front, the posterior shear of the lumbar erector fibres, dynamics
(lifting peaks are higher than holding), the overnight swelling of the disc (the
top of the lying range stands for it), backward bending, and the frontal and
transverse planes (twisting and side bending). Its numbers teach direction and
size; they are not a diagnosis. ``eduwidgets.validation`` compares them with
intradiscal pressures measured in living people.

References
----------
.. [1] Winter DA (2009). Biomechanics and Motor Control of Human Movement, 4th ed.
   Wiley. Table 4.1, segment data after Dempster (1955).
.. [2] Waters TR, Putz-Anderson V, Garg A, Fine LJ (1993). Revised NIOSH equation
   for the design and evaluation of manual lifting tasks. Ergonomics 36(7):749-776.
.. [3] NIOSH (1981). Work Practices Guide for Manual Lifting. DHHS (NIOSH)
   Publication No. 81-122.
.. [4] Granata KP, Marras WS (2000). Cost-benefit of muscle cocontraction in
   protecting against spinal instability. Spine 25(11):1398-1404.
.. [5] Cholewicki J, Panjabi MM, Khachatryan A (1997). Stabilizing function of
   trunk flexor-extensor muscles around a neutral spine posture. Spine
   22(19):2207-2212.
.. [6] Bogduk N, Pearcy M, Hadfield G (1992). Anatomy and biomechanics of psoas
   major. Clinical Biomechanics 7(2):109-119.
.. [7] Nachemson A (1960). Lumbar intradiscal pressure. Acta Orthop Scand
   Suppl 43:1-104 (the pressure factor); Nachemson A (1966). The load on lumbar
   disks in different positions of the body. Clin Orthop Relat Res 45:107-122
   (the disc area).
.. [8] Wilke HJ, Neef P, Caimi M, Hoogland T, Claes LE (1999). New in vivo
   measurements of pressures in the intervertebral disc in daily life. Spine
   24(8):755-762.
"""

from __future__ import annotations

import decimal
import json
import math
from dataclasses import dataclass, fields

import numpy as np

__all__ = [
    "ACTION_LIMIT_N",
    "MAXIMUM_LIMIT_N",
    "POSITIONS",
    "Body",
    "LumbarLoad",
    "Muscles",
    "Posture",
    "lumbar_load",
    "lumbar_load_range",
    "shoulder_forward_distance_m",
    "value_text",
]

GRAVITY_M_PER_S2 = 9.80665
"""Standard gravity [m/s^2].

Evidence note: a defined value; gravity at any place on Earth differs from it by
less than 0.3%.

References
----------
CGPM (1901), 3rd General Conference on Weights and Measures; ISO 80000-3.
"""

ACTION_LIMIT_N = 3400.0
"""NIOSH action limit for compression at the lower lumbar discs [N].

Above it, some workers risk injury; the revised lifting equation keeps it as its
design criterion. NIOSH set its limits for the L5/S1 disc; this model applies
them to L4/L5, the level it computes, whose load differs little in the sagittal
plane.

Evidence note: set to plan lifting at work for a population (from cadaver
end-plate strength and injury rates), not a threshold of harm for one person;
the lessons show it to clinicians only.

References
----------
NIOSH (1981), Work Practices Guide for Manual Lifting; Waters et al. (1993),
Ergonomics 36:749.
"""

MAXIMUM_LIMIT_N = 6400.0
"""NIOSH maximum permissible limit for compression [N].

About half of people would risk a vertebral end-plate injury above it.

Evidence note: a planning limit from cadaver end-plate strength, which varies
widely with age, sex and bone density.

References
----------
NIOSH (1981), Work Practices Guide for Manual Lifting.
"""

UPPER_BODY_MASS_FRACTION = 0.536
"""Mass above the L4/L5 disc as a fraction of body mass [1].

Thorax and abdomen (0.355, from C7/T1 down to L4/L5), head and neck (0.081) and
both whole arms (2 x 0.050).

Evidence note: Dempster's cadaver data (eight older men); segment fractions
vary by a few percent with sex and build.

References
----------
Winter DA (2009), Biomechanics and Motor Control of Human Movement, 4th ed.,
Table 4.1 (Dempster 1955).
"""

ARMS_MASS_FRACTION = 2 * 0.050
"""Mass of both whole arms as a fraction of body mass [1].

The arms hang from the shoulders, so they are treated apart from the trunk:
when the trunk bends, they stay vertical below the shoulders.

Evidence note: Dempster's cadaver data, as above.

References
----------
Winter DA (2009), Biomechanics and Motor Control of Human Movement, 4th ed.,
Table 4.1 (Dempster 1955).
"""

SHOULDER_DISTANCE_FRACTION = (531.9 - 145.7) / 1741.0
"""Distance from the L4/L5 disc up the trunk to the shoulders, as a fraction of
stature [1] (0.222; 0.39 m for a 1.75 m adult).

de Leva's trunk runs from the suprasternale (shoulder level) to the mid-hip
point, 531.9 mm in men of 1741 mm stature; its lower part runs from the
omphalion (the navel) to the mid-hip point, 145.7 mm. The navel lies at about
the level of the L4/L5 disc, so the shoulders are about 531.9 - 145.7 mm above
it. Evidence note: the navel-to-L4/L5 match is an anatomical approximation.

References
----------
de Leva P (1996). Adjustments to Zatsiorsky-Seluyanov's segment inertia
parameters. J Biomech 29(9):1223-1230.
"""

TRUNK_HEAD_COM_DISTANCE_FRACTION = 0.129
"""Distance from the L4/L5 disc up the trunk to the centre of mass of the trunk,
head and neck (the body above L4/L5 without the arms), as a fraction of
stature [1] (0.225 m for a 1.75 m adult).

Thorax and abdomen (0.355 of body mass) have their centre of mass 0.37 of the
L4/L5 to C7/T1 length above L4/L5; head and neck (0.081) at the ear canal,
about 0.11 of stature above C7/T1 (Winter's segment lengths: shoulder 0.818,
eye 0.936 of stature). With L4/L5 to C7/T1 taken as the shoulder distance
(``SHOULDER_DISTANCE_FRACTION``, 0.222), the mass-weighted mean is
(0.355 x 0.37 x 0.222 + 0.081 x 0.332) / 0.436 = 0.129 of stature.

Evidence note: combines segment data from two sources; uncertain by a few
centimetres.

References
----------
Winter DA (2009), Biomechanics and Motor Control of Human Movement, 4th ed.,
Table 4.1 and Figure 4.1 (Dempster 1955; Drillis & Contini 1966).
de Leva P (1996). J Biomech 29(9):1223-1230.
"""

ARM_COM_FRACTION = 0.530
"""Position of the whole arm's centre of mass from the shoulder towards the wrist [1].

Used when the hands reach forward to hold something: the arms' centre of mass
then lies 0.53 of the way from the shoulders to the hands.

Evidence note: Dempster's cadaver data.

References
----------
Winter DA (2009), Biomechanics and Motor Control of Human Movement, 4th ed.,
Table 4.1 (total arm, 0.530 from the proximal end).
"""

UPRIGHT_COM_OFFSET_M = 0.02
"""Horizontal distance of the upper-body centre of mass in front of L4/L5 when
standing upright [m].

CT of the trunk put the whole trunk's centre of mass about 2.0 cm in front of
the L1/L2 vertebral centroid, and the middle trunk's about 1.0 cm in front of
L3/L4. There is no direct measurement for the whole body above L4/L5, so the
model uses 2 cm; evidence note: this is a reading of trunk data, not a direct
measurement, and it varies with posture from person to person.

References
----------
Pearsall DJ, Reid JG, Livingston LA (1996). Segmental inertial parameters of the
human trunk as determined from computed tomography. Ann Biomed Eng 24(2):198-210.
"""


SITTING_LORDOSIS_LOSS_DEG = 49.0 - 34.0
"""Lumbar lordosis lost on sitting down, unsupported, compared with standing [deg].

Lumbar lordosis (L1 to S1), measured on standing and sitting radiographs of the
same adults, was about 49 degrees standing and 34 degrees sitting. Evidence note:
one radiographic study, and lordosis varies widely between people.

References
----------
Lord MJ, Small JM, Dinsay JM, Watkins RG (1997). Lumbar lordosis: effects of
sitting and standing. Spine 22(21):2571-2574.
"""

LUMBAR_COLUMN_ABOVE_DISC_M = 4 * 0.027 + 3 * 0.010
"""Length of the lumbar column from the top of L1 down to the L4/L5 disc [m]
(0.138 m): four vertebral bodies of about 27 mm and three discs of about 10 mm.

References
----------
Panjabi MM, Goel V, Oxland T, et al. (1992). Human lumbar vertebrae: quantitative
three-dimensional anatomy. Spine 17(3):299-306 (posterior body heights about
27 mm). Disc height: about 10 mm, a rounded mean for adult lumbar discs.
Evidence note: rounded anatomical values, not a measurement of one person.
"""

SITTING_COM_SHIFT_M = LUMBAR_COLUMN_ABOVE_DISC_M * math.sin(
    math.radians(SITTING_LORDOSIS_LOSS_DEG / 2)
)
"""Forward shift of the body above L4/L5, relative to the disc, on sitting down [m]
(1.8 cm).

When the pelvis rolls back on a seat and the lumbar curve flattens, the trunk
stays upright but the lower lumbar spine moves back beneath it, so the upper
body sits further in front of the L4/L5 disc. The model turns the lumbar column
above the disc (``LUMBAR_COLUMN_ABOVE_DISC_M``) forward by half the lordosis
lost (``SITTING_LORDOSIS_LOSS_DEG``; the other half is lost at and below L4/L5).
Evidence note: a geometric estimate from the two values above, not a direct
measurement. In-vivo studies disagree about sitting: Nachemson found unsupported
sitting about 40% above standing, Wilke et al. (1999) found relaxed sitting
slightly below it.

References
----------
Derived from ``SITTING_LORDOSIS_LOSS_DEG`` (Lord et al. 1997) and
``LUMBAR_COLUMN_ABOVE_DISC_M`` (Panjabi et al. 1992).
"""

EXTENSOR_MOMENT_ARM_M = 0.06
"""Moment arm of the back extensors (erector spinae and multifidus, as one
equivalent muscle) about the L4/L5 disc in upright standing [m].

Imaging studies put the centroid of the lumbar erector spinae at L4/L5 about 5
to 7 cm behind the disc centre, depending on sex, body size and whether the
person lay or stood: moment arms measured lying are smaller than standing (by 3%
in men and 12% in women for erector spinae, McGill et al. 1996). 6 cm is the
middle of that range for an adult standing. Chaffin's 5 cm is a single
equivalent extensor for the L5/S1 disc, chosen to keep a hand calculation simple;
it is the low end of measured values, so a model using it overstates the force
the extensors need.

References
----------
Jorgensen MJ, Marras WS, Granata KP, Wiand JW (2001). MRI-derived moment-arms of
the female and male spine loading muscles. Clinical Biomechanics 16(3):182-193.
McGill SM, Juker D, Axler C (1996). Correcting trunk muscle geometry obtained
from MRI and CT scans of supine postures for use in standing postures. J Biomech
29(5):643-646.
Chaffin DB, Andersson GBJ, Martin BJ (2006). Occupational Biomechanics, 4th ed.
Evidence note: a rounded value from a range, not one study's mean.
"""

ABDOMINAL_MOMENT_ARM_M = 0.085
"""Moment arm of the abdominal wall (rectus abdominis and obliques, as one
equivalent flexor) about L4/L5 in upright standing [m].

Rectus abdominis was 8.5 cm in front of the L4/L5 disc in five women imaged
upright (9.7, 9.1, 8.5, 8.5 and 9.8 cm from L1/L2 to L5/S1). Evidence note: a
small sample of women; the obliques' sagittal moment arm is assumed the same.

References
----------
Jorgensen MJ, Marras WS, Smith FW, Pope MH (2005). Sagittal plane moment arms of
the female lumbar region rectus abdominis in an upright neutral torso posture.
Clinical Biomechanics 20(3):242-246.
"""

MAX_EXTENSOR_MOMENT_NM = 200.0
"""Maximum voluntary isometric trunk extension moment of a typical adult [N m].

Chaffin et al. list maximal torso extension strength for men of 288, 232 and
171 N m at 20, 40 and 60 degrees of flexion; women produce less. 200 N m is a
rounded value for a typical adult of either sex, held constant over posture;
strength falls with flexion, so ``extensor_effort`` is understated in deep bends.
``Muscles.extensors`` scales it. Evidence note: reported values vary widely with
sex, age, posture and dynamometer, so the efforts are teaching estimates.

References
----------
Chaffin DB, Andersson GBJ, Martin BJ (1999). Occupational Biomechanics, 3rd ed.
Wiley. Table 4.5.
"""

EXTENSION_TO_FLEXION_STRENGTH_RATIO = 1.3
"""Trunk extension strength divided by trunk flexion strength in healthy adults [1].

Isometric and isokinetic studies of healthy adults find extensors stronger than
flexors, with ratios of about 1.2 to 1.4. Evidence note: the ratio varies with
speed, posture and sex; 1.3 is the middle of the usual range.

References
----------
McNeill T, Warwick D, Andersson G, Schultz A (1980). Trunk strengths in attempted
flexion, extension, and lateral bending in healthy subjects and patients with
low-back disorders. Spine 5(6):529-538.
Langrana NA, Lee CK (1984). Isokinetic evaluation of trunk muscles. Spine
9(2):171-175.
"""

MAX_ABDOMINAL_WALL_FORCE_N = (
    MAX_EXTENSOR_MOMENT_NM / EXTENSION_TO_FLEXION_STRENGTH_RATIO / ABDOMINAL_MOMENT_ARM_M
)
"""Maximum pulling force of the whole abdominal wall of a typical adult, along the
spine [N] (about 1,810 N).

The maximum trunk flexion moment (``MAX_EXTENSOR_MOMENT_NM`` divided by
``EXTENSION_TO_FLEXION_STRENGTH_RATIO``, 154 N m) divided by the abdominal
wall's moment arm (``ABDOMINAL_MOMENT_ARM_M``). Evidence note: derived from the
values above, not measured directly.

References
----------
Derived from Chaffin et al. (1999), McNeill et al. (1980) and Jorgensen et al. (2005),
as cited on the three constants above.
"""

OBLIQUE_SHARE_OF_ABDOMINAL_WALL = 0.6
"""Share of the abdominal wall's flexing force carried by the obliques [1]; rectus
abdominis carries the rest.

The internal and external obliques together have a physiological cross-section
more than twice that of rectus abdominis, but their fibres run obliquely, so only
part of their force pulls along the spine. Evidence note: 0.6 is an assumed,
rounded reading of those cross-sections, not a measured split; it decides only
how the figure divides the abdominal wall's pull between the two groups.

References
----------
McGill SM, Santaguida L, Stevens J (1993). Measurement of the trunk musculature
from T5 to L5 using MRI scans of 15 young males corrected for muscle fibre
orientation. Clinical Biomechanics 8(4):171-178.
"""

BASELINE_ABDOMINAL_ACTIVATION = 0.02
"""Baseline activation of the abdominal wall around a neutral spine [share of
maximum voluntary contraction] (2%).

Healthy adults standing with a neutral spine kept their trunk flexors slightly
active, at a few percent of maximum, even when no flexing moment was needed;
the co-activation grew when load was added to the trunk and was explained by
the need for stability. The model keeps this tone at the same force in every
task and position, so co-contraction is a large share of a small load and a
small share of a large one, as Granata & Marras (2000) found (they put its added
compression at 12 to 18% across their tasks). Evidence note: a rounded reading
of low-level surface EMG, which is imprecise at a few percent of maximum; the
tone in lying is probably lower, so the model's lying value is a rough guide.

References
----------
Cholewicki J, Panjabi MM, Khachatryan A (1997). Stabilizing function of trunk
flexor-extensor muscles around a neutral spine posture. Spine 22(19):2207-2212.
Granata KP, Marras WS (2000). Cost-benefit of muscle cocontraction in protecting
against spinal instability. Spine 25(11):1398-1404.
"""

PSOAS_MAX_FORCE_N = 2 * 16.3 * 75.5
"""Maximum force of both psoas major muscles together [N].

Cross-section 16.3 cm^2 a side at L4/L5, its largest (MRI of 15 young men),
times an apparent maximum muscle stress of 75.5 N/cm^2 (fitted range 40 to 130,
in trunk extensors of adults over 65). Evidence note: anatomical cross-section
stands in for physiological cross-section, and the stress comes from another
muscle group; the result is an order of magnitude, not a measurement.

References
----------
Reid JG, Livingston LA, Pearsall DJ (1994). The geometry of the psoas muscle as
determined by magnetic resonance imaging. Arch Phys Med Rehabil 75(6):703-708.
Burkhart KA, Bruno AG, Bouxsein ML, Bean JF, Anderson DE (2018). Estimating
apparent maximum muscle stress of trunk extensor muscles in older adults using
subject-specific musculoskeletal models. J Orthop Res 36(1):498-505.
"""

PSOAS_FASCICLE_ANGLE_DEG = 17.0
"""Angle between the psoas fascicles and the long axis of the lower lumbar spine,
in the side view [deg].

Bogduk et al. describe psoas fascicles running from each lumbar vertebra down
and forward along the spine; at maximal contraction they found severe
compression and large shear of the lumbar segments but only small sagittal
moments, so the model gives the psoas no moment. It splits psoas tension into
compression (cos 17 deg = 0.96) and forward shear (sin 17 deg = 0.29). Evidence
note: 17 deg is an estimate of the fascicles' slope, not a value measured in the
paper; the split is a rough guide. Psoas activity is task-specific (Andersson et
al. 1995): high when both legs are lifted or in a full sit-up, low in standing.

References
----------
Bogduk N, Pearcy M, Hadfield G (1992). Anatomy and biomechanics of psoas major.
Clinical Biomechanics 7(2):109-119.
Andersson E, Oddsson L, Grundstrom H, Thorstensson A (1995). The role of the
psoas and iliacus muscles for stability and movement of the lumbar spine, pelvis
and hip. Scand J Med Sci Sports 5(1):10-16.
"""

LUMBAR_SHARE_OF_FLEXION = 41.6 / 111.0
"""Share of trunk flexion that happens in the lumbar spine rather than the hips [1].

In a full forward bend of 111 degrees, 41.6 came from the lumbar spine and 69.4
from the hips (0.375). The spine picture bends the lumbar spine by this share.

Evidence note: one study; the split between hips and lumbar spine varies
between people and with back pain.

References
----------
Esola MA, McClure PW, Fitzgerald GK, Siegler S (1996). Analysis of lumbar spine
and hip motion during forward bending in subjects with and without a history of
low back pain. Spine 21(1):71-78.
"""

HIP_SHARE_OF_FLEXION = 69.4 / 111.0
"""Share of trunk flexion that happens at the hips [1] (0.625).

The L4/L5 disc sits low in the lumbar spine and turns with the pelvis, so the
model tilts the disc plane by this share of the trunk flexion. It treats the
disc as level when upright and leaves out the bend of the segments below it;
real lower lumbar discs tilt forward in standing, and the lumbar extensors pull
backwards on the vertebrae. Evidence note: shear is therefore a rough guide.

References
----------
Esola MA, McClure PW, Fitzgerald GK, Siegler S (1996). Spine 21(1):71-78.
"""

DISC_AREA_M2 = 18e-4
"""Cross-sectional area of an adult L4/L5 disc [m^2] (18 cm^2).

Evidence note: adult L4/L5 discs are about 15 to 20 cm^2 depending on body
size; the pressure scales inversely with the area.

References
----------
Nachemson A (1966). The load on lumbar disks in different positions of the
body. Clin Orthop Relat Res 45:107-122.
"""

DISC_PRESSURE_CORRECTION = 1.5
"""Ratio of nucleus pressure to mean axial stress in a healthy disc [1].

Nachemson measured nucleus pressure about 1.5 times the applied load divided
by the disc area in cadaver discs; later work found 1.3 to 1.6.

Evidence note: measured in cadaver discs; degenerated discs show lower ratios.

References
----------
Nachemson A (1960). Lumbar intradiscal pressure. Acta Orthop Scand Suppl 43:1-104.
"""

LUMBAR_FLEXION_RANGE_DEG = 41.6
"""Lumbar flexion from erect standing to a full forward bend [deg].

In a full forward bend (111 degrees of trunk flexion) the lumbar spine flexed by
41.6 degrees; the rest came from the hips. The model reads the lumbar spine's
share of its full range as ``LUMBAR_SHARE_OF_FLEXION`` times the trunk flexion,
divided by this range, plus the lordosis lost on sitting down
(``SITTING_LORDOSIS_LOSS_DEG``). Evidence note: one study of 41 adults; the share
is taken as constant through the bend, although the lumbar spine leads early in
the bend and the hips late (lumbar-pelvic rhythm), so the model understates lumbar
flexion in small bends a little.

References
----------
Esola MA, McClure PW, Fitzgerald GK, Siegler S (1996). Spine 21(1):71-78.
"""

PASSIVE_MOMENT_LORDOTIC_NM = 25.0
"""Extensor moment the passive (electrically silent) lumbar tissues gave in
lordotic postures [N m].

Dolan, Mannion & Adams pulled 149 healthy adults up against a load cell at
several lumbar flexion angles and plotted the extensor moment against the back
muscles' EMG: the intercept at zero EMG, the moment resisted by passive tissue,
was about 25 N m in lordotic postures and rose to 120 N m (men) and 77 N m
(women) in full flexion. The model interpolates linearly between the two with the
lumbar spine's share of its full flexion, and never lets passive tissue resist
more than the flexion moment there is (ligaments cannot push). Evidence note: a
regression intercept, group means; the rise with flexion is closer to
exponential than linear, so the model's passive moment is a little high in
middle bends and right at both ends.

References
----------
Dolan P, Mannion AF, Adams MA (1994). Passive tissues help the back muscles to
generate extensor moments during lifting. J Biomech 27(8):1077-1085.
"""

PASSIVE_MOMENT_FULL_FLEXION_MEN_NM = 120.0
"""Passive extensor moment of the lumbar tissues at full flexion, men [N m].

Evidence note: group mean of the isometric pulls in Dolan et al. (1994); the
upper end of the model's range (it lowers the disc's load the most).

References
----------
Dolan P, Mannion AF, Adams MA (1994). J Biomech 27(8):1077-1085.
"""

PASSIVE_MOMENT_FULL_FLEXION_WOMEN_NM = 77.0
"""Passive extensor moment of the lumbar tissues at full flexion, women [N m].

Evidence note: group mean of the isometric pulls in Dolan et al. (1994); the
lower end of the model's range.

References
----------
Dolan P, Mannion AF, Adams MA (1994). J Biomech 27(8):1077-1085.
"""

PASSIVE_MOMENT_FULL_FLEXION_NM = (
    PASSIVE_MOMENT_FULL_FLEXION_MEN_NM + PASSIVE_MOMENT_FULL_FLEXION_WOMEN_NM
) / 2
"""Passive extensor moment at full lumbar flexion for the model's adult [N m] (98.5).

The model's body has no sex, so it takes the mean of the men's and women's
values; the two ends give the model's low and high range. Evidence note: derived
from Dolan et al. (1994), as the two constants above.

References
----------
Dolan P, Mannion AF, Adams MA (1994). J Biomech 27(8):1077-1085.
"""

DISC_SHARE_OF_PASSIVE_MOMENT = 0.29
"""Share of the passive resistance to lumbar flexion carried by the disc itself [1].

Cutting the structures of cadaver lumbar joints one by one at full flexion, Adams,
Hutton & Stott found the capsular ligaments resisted about 39% of the flexion
moment, the disc 29%, the supraspinous and interspinous ligaments 19% and the
ligamentum flavum 13%. A moment the disc carries by its own bending stiffness
needs no pull behind the disc, so it does not press the nucleus; the rest of the
passive moment is a pull of posterior tissue and presses the disc as the
extensors do (the model gives it the extensors' lever). Evidence note: cadaver
joints without muscle; the split was measured at full flexion and is used at
every angle. Seen second-hand for this kit: check the paper's table before
citing the percentages.

References
----------
Adams MA, Hutton WC, Stott JRR (1980). The resistance to flexion of the lumbar
intervertebral joint. Spine 5(3):245-253.
"""

ABDOMINAL_PRESSURE_THRESHOLD_NM = 54.0
"""Trunk moment above which intra-abdominal pressure rises above 10 mmHg [N m].

Marras & Mirka measured intra-abdominal pressure in trunk exertions and found it
above 10 mmHg only beyond about 54 N m of trunk moment. The model gives no
pressure relief below this moment and lets the relief grow in proportion to the
moment above it, reaching ``ABDOMINAL_PRESSURE_RELIEF_SHARE`` at twice the
threshold. Evidence note: the threshold is measured; the linear rise to twice
the threshold is this kit's simple reading, not a measurement.

References
----------
Marras WS, Mirka GA (1996). Intra-abdominal pressure during trunk extension
motions. Clinical Biomechanics 11(5):267-274.
"""

ABDOMINAL_PRESSURE_RELIEF_SHARE = 0.10
"""Share of the disc's compression that intra-abdominal pressure relieves at
large trunk moments [1] (10%; range 0 to 21%).

The sources disagree. In a model of the trunk, raising intra-abdominal pressure
from 5 to 10 kPa cut spinal compression at 60 N m by 18 to 21% (Stokes et al.
2010); McGill & Norman (1987) argue that the abdominal muscles that make the
pressure press the spine as much as the pressure relieves it, so the net relief
is small. The model takes the middle, 10%, and shows the two ends as its range
(0 and ``ABDOMINAL_PRESSURE_RELIEF_HIGH_SHARE``). Evidence note: a chosen middle
of two disagreeing sources, not a measurement.

References
----------
Stokes IAF, Gardner-Morse MG, Henry SM (2010). Intra-abdominal pressure and
abdominal wall muscular function: spinal unloading mechanism. Clinical
Biomechanics 25(9):859-866.
McGill SM, Norman RW (1987). Reassessment of the role of intra-abdominal
pressure in spinal compression. Ergonomics 30(11):1565-1588.
"""

ABDOMINAL_PRESSURE_RELIEF_HIGH_SHARE = 0.21
"""Largest relief of compression by intra-abdominal pressure in the model's range [1].

Evidence note: the upper end of Stokes et al.'s modelled 18 to 21%; the low end
of the range is no relief (McGill & Norman 1987).

References
----------
Stokes IAF, Gardner-Morse MG, Henry SM (2010). Clin Biomech 25(9):859-866.
"""

DISC_SWELLING_PRESSURE_MPA = 0.10
"""Pressure the disc nucleus holds with almost no load on it, from its own
swelling [MPa].

The nucleus draws in water until its pressure balances the load; with the body
lying still it keeps a pressure of its own, held by the annulus and the
ligaments. Wilke et al. measured 0.10 MPa lying (prone 0.1 and on the side 0.12
in the paper's abstract; supine 0.10 seen second-hand) at the start of the night,
rising to 0.24 MPa over 7 hours of sleep as the disc took in water. The model's
disc pressure never falls below this value. Evidence note: one subject; the lying
rows of the validation table use the same measurement, so they do not test this
value independently (the validation notes say so). The morning value is the top of the model's range
(``DISC_SWELLING_PRESSURE_MORNING_MPA``).

References
----------
Wilke HJ, Neef P, Caimi M, Hoogland T, Claes LE (1999). Spine 24(8):755-762.
"""

DISC_SWELLING_PRESSURE_MORNING_MPA = 0.24
"""Disc pressure after a night lying down [MPa], the top of the lying range.

Evidence note: one subject, after 7 hours of sleep (Wilke et al. 1999).

References
----------
Wilke HJ, Neef P, Caimi M, Hoogland T, Claes LE (1999). Spine 24(8):755-762.
"""

BACKREST_RECLINE_DEG = 20.0
"""Backward lean of the trunk against a backrest, from upright [deg].

Andersson et al. measured disc pressure and back-muscle activity in sitting with
backrests inclined 90 to 120 degrees to the seat: both fell as the backrest
leaned back, because the backrest carries the upper body's weight. A typical
office or easy chair leans about 110 degrees, 20 degrees back from upright. The
model lets the backrest carry the moment of the upper body's own weight (not of a
load in the hands) and tilts that weight 20 degrees off the spine's axis.
Evidence note: the angle is a typical chair, not one study's mean; a more
upright backrest carries less.

References
----------
Andersson BJG, Ortengren R, Nachemson A, Elfstrom G (1974). Lumbar disc pressure
and myoelectric back muscle activity during sitting. I. Studies on an
experimental chair. Scand J Rehabil Med 6(3):104-114.
"""

EXTENSOR_MOMENT_ARM_LOW_M = 0.05
"""Shortest back-extensor moment arm in the model's range [m].

Evidence note: the low end of the imaging values behind ``EXTENSOR_MOMENT_ARM_M``
(Chaffin's 5 cm); a short lever needs more force, so it gives the range's top.

References
----------
Jorgensen MJ, Marras WS, Granata KP, Wiand JW (2001). Clin Biomech 16(3):182-193.
"""

EXTENSOR_MOMENT_ARM_HIGH_M = 0.07
"""Longest back-extensor moment arm in the model's range [m].

Evidence note: the high end of the imaging values behind ``EXTENSOR_MOMENT_ARM_M``;
it gives the range's bottom.

References
----------
Jorgensen MJ, Marras WS, Granata KP, Wiand JW (2001). Clin Biomech 16(3):182-193.
"""

BASELINE_ABDOMINAL_ACTIVATION_LOW = 0.01
"""Lowest baseline abdominal tone in the model's range [share of maximum] (1%).

Evidence note: "a few percent" of maximum (Cholewicki et al. 1997) read as 1 to
3%; surface EMG is imprecise at these levels.

References
----------
Cholewicki J, Panjabi MM, Khachatryan A (1997). Spine 22(19):2207-2212.
"""

BASELINE_ABDOMINAL_ACTIVATION_HIGH = 0.03
"""Highest baseline abdominal tone in the model's range [share of maximum] (3%).

Evidence note: as ``BASELINE_ABDOMINAL_ACTIVATION_LOW``.

References
----------
Cholewicki J, Panjabi MM, Khachatryan A (1997). Spine 22(19):2207-2212.
"""

GUARDING_COMPRESSION_RISE = 0.15
"""How much guarding or bracing the trunk raises the compression of a task [1] (15%).

Co-contraction of the trunk muscles raised modelled spinal compression by 12 to
18% across the lifting tasks of Granata & Marras (2000); an abdominal brace raised
it by about 15% (Grenier & McGill 2007). The plan uses this rise, not the model's
tension sliders, for a patient whose clinician rated bracing "strong" (a third of
it for "mild", as the rating scale's 0.05 is a third of its 0.15): a clinician's
rating says that a patient guards, not how hard, and the sources give the size.
The sliders (``Muscles.obliques_tension``, ``abdominals_tension``) stay for
exploring: 5% of full effort in the obliques raises the push of a 30-degree bend
by about 12%, inside the sources' range. Evidence note: model studies of healthy
adults in set tasks; how hard patients with back pain guard in daily life varies
widely.

References
----------
Granata KP, Marras WS (2000). Spine 25(11):1398-1404.
Grenier SG, McGill SM (2007). Quantification of lumbar stability by using 2
different abdominal activation strategies. Arch Phys Med Rehabil 88(1):54-62.
"""

POSITIONS = ("standing", "sitting", "lying")
"""The positions the model knows. Standing is the default."""

# Valid ranges: (low, high, inclusive). Documented in the dataclasses below.
BODY_RANGES = {"mass_kg": (20.0, 250.0), "height_m": (1.0, 2.3)}
POSTURE_RANGES = {
    "trunk_flexion_deg": (0.0, 90.0),
    "load_kg": (0.0, 50.0),
    "load_distance_m": (0.0, 1.0),
    "hip_flexor_activation": (0.0, 1.0),
    "backrest": (0.0, 1.0),
}
MUSCLE_RANGES = {
    "extensors": (0.2, 2.0),
    "obliques": (0.2, 2.0),
    "hip_flexors": (0.2, 2.0),
    "abdominals": (0.2, 2.0),
    "obliques_tension": (0.0, 0.3),
    "abdominals_tension": (0.0, 0.3),
}

Number = float | np.ndarray

RANGE_MESSAGE = "{owner}.{name} = {value} is not allowed: it must be a number from {low} to {high}."
"""The one template of a bad model input's message; the page fills the same words
(``browser_constants``: the template, and each range's ends as text)."""
POSITION_MESSAGE = "Posture.position = {value} is not allowed: it must be one of {allowed}."
POSITIONS_TEXT = ", ".join(f'"{p}"' for p in POSITIONS)

MESSAGE_LOCALE = "en"
"""The language the model's messages are written in (their templates above are English)."""
VALUE_SIGNIFICANT_DIGITS = 15
"""How many significant digits a message shows of a refused number: all a float holds
reliably, so a value just outside a range never reads as its end (19.999999999, not 20)."""


def value_text(value: object) -> str:
    """A refused input as a message shows it. The page's ``model.js`` writes it by the
    same rule (``browser_constants()["VALUE_TEXT"]``), not by imitating Python:

    - a number: up to ``VALUE_SIGNIFICANT_DIGITS`` significant digits, halves away from
      zero, written as CLDR writes numbers in ``MESSAGE_LOCALE`` (Babel here, the
      browser's ``Intl.NumberFormat`` there): 5, 19.999999999, -0.00001, 1,200, NaN, ∞;
    - text: between plain double quotes ("kneeling");
    - anything else: as JSON writes it (null, true).
    """
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        return json.dumps(value, separators=(",", ":"), default=lambda other: type(other).__name__)
    from babel.numbers import format_decimal

    number = decimal.Decimal(repr(float(value)))  # the shortest digits, as the browser reads it
    with decimal.localcontext() as context:
        context.prec = 800  # room for 1e300 written out in full
        if number.is_finite() and number:
            quantum = decimal.Decimal(1).scaleb(number.adjusted() - VALUE_SIGNIFICANT_DIGITS + 1)
            number = number.quantize(quantum, rounding=decimal.ROUND_HALF_UP).normalize()
        return format_decimal(
            number, format="#,##0.###", locale=MESSAGE_LOCALE, decimal_quantization=False
        )


def _range_text(low: float, high: float) -> tuple[str, str]:
    """A range's ends as its message writes them: the same rule as the refused value."""
    return value_text(low), value_text(high)


def _check_ranges(owner: object, ranges: dict[str, tuple[float, float]]) -> None:
    for name, (low, high) in ranges.items():
        given = getattr(owner, name)
        # A plain number (a slider's, a grid point's) is checked without numpy: a widget's
        # state makes a dozen model calls a move, and numpy's checks were half their time.
        if type(given) in (float, int) and low <= given <= high:
            continue
        value = np.asarray(given, dtype=float)
        bad = ~((value >= low) & (value <= high))  # NaN fails both comparisons
        if np.any(bad):
            first = value[bad].flat[0] if value.ndim else float(value)
            low_text, high_text = _range_text(low, high)
            raise ValueError(
                RANGE_MESSAGE.format(
                    owner=type(owner).__name__,
                    name=name,
                    value=value_text(first),
                    low=low_text,
                    high=high_text,
                )
            )


@dataclass(frozen=True)
class Body:
    """The person's size.

    Parameters
    ----------
    mass_kg : float or array
        Body mass [kg], 20 to 250.
    height_m : float or array
        Stature [m], 1.0 to 2.3.
    """

    mass_kg: Number = 70.0
    height_m: Number = 1.75

    def __post_init__(self) -> None:
        _check_ranges(self, BODY_RANGES)


@dataclass(frozen=True)
class Posture:
    """What the person is doing.

    Parameters
    ----------
    trunk_flexion_deg : float or array
        Forward bend of the trunk from upright [deg], 0 to 90.
    load_kg : float or array
        Mass held in the hands [kg], 0 to 50.
    load_distance_m : float or array
        Horizontal distance from the L4/L5 disc to the load [m], 0 to 1.0.
        About 0.2 m hugging a small load to the belly, 0.3 m holding a box against
        the belly, 0.6 m at arm's length. A load hanging from the hands below the
        shoulders is as far out as the shoulders.
    hip_flexor_activation : float or array
        How hard the task makes the hip flexors (chiefly psoas) work, as a share
        of a typical adult's maximum [1], 0 to 1. Near 0 for standing, sitting
        and walking; high when lifting both straight legs while lying or in a
        full sit-up (Andersson et al. 1995). A tight Thomas test is not activity.
    backrest : float or array
        How much the person leans on a backrest when sitting, 0 (none, the
        default) to 1 (leaning back on it, ``BACKREST_RECLINE_DEG``); between
        the two, a share of the upper body's weight rests on it. Ignored when
        standing or lying.
    position : str
        ``"standing"`` (default), ``"sitting"`` (on a seat, no backrest) or
        ``"lying"``. One word for the whole call. In lying the bed carries the
        body and the hands rest, so bending and a weight in the hands add nothing.
    """

    trunk_flexion_deg: Number = 0.0
    load_kg: Number = 0.0
    load_distance_m: Number = 0.0
    hip_flexor_activation: Number = 0.0
    backrest: Number = 0.0
    position: str = "standing"

    def __post_init__(self) -> None:
        if not isinstance(self.position, str) or self.position not in POSITIONS:
            raise ValueError(
                POSITION_MESSAGE.format(value=value_text(self.position), allowed=POSITIONS_TEXT)
            )
        _check_ranges(self, POSTURE_RANGES)


@dataclass(frozen=True)
class Muscles:
    """Each group's strength, and how tense the abdominal wall is.

    Strength is capacity relative to a typical adult: 1.0 is typical, 0.5 half
    as strong, 2.0 twice as strong (0.2 to 2.0). Strength never changes the push
    on the disc: a weaker group does the same job at a bigger share of its
    strength. For the extensors the one value is their strength; what they pull
    is set by the task.

    Tension is what bracing or guarding adds to the abdominal wall's baseline
    tone, as a share of a typical adult's maximum voluntary contraction (0 to
    0.3). It pulls against the extensors, so both press the spine.

    Parameters
    ----------
    extensors : float or array
        Strength of the back extensors (erector spinae, multifidus), 0.2 to 2.0.
    obliques : float or array
        Strength of the internal and external obliques, 0.2 to 2.0.
    hip_flexors : float or array
        Strength of the hip flexors, chiefly psoas major, 0.2 to 2.0.
    abdominals : float or array
        Strength of rectus abdominis, 0.2 to 2.0.
    obliques_tension : float or array
        Extra activation of the obliques from bracing or guarding, 0 to 0.3.
    abdominals_tension : float or array
        Extra activation of rectus abdominis from bracing or guarding, 0 to 0.3.
    """

    extensors: Number = 1.0
    obliques: Number = 1.0
    hip_flexors: Number = 1.0
    abdominals: Number = 1.0
    obliques_tension: Number = 0.0
    abdominals_tension: Number = 0.0

    def __post_init__(self) -> None:
        _check_ranges(self, MUSCLE_RANGES)


@dataclass(frozen=True)
class LumbarLoad:
    """The load on the L4/L5 disc, and what the muscles do to make it.

    Attributes
    ----------
    compression_n : float or array
        Force along the spine pressing the disc [N].
    shear_n : float or array
        Force across the disc, forward positive [N].
    disc_pressure_mpa : float or array
        Estimated pressure in the disc nucleus [MPa].
    extensor_effort : float or array
        Share of the extensors' strength needed to hold the posture [1];
        above 1 means they cannot hold it.
    zone : str or array of str
        ``"below action limit"``, ``"above action limit"`` or
        ``"above maximum limit"`` against the NIOSH limits (for clinicians).
    body_weight_multiple : float or array
        Compression as a multiple of body weight [1].
    flexion_moment_nm : float or array
        Moment of gravity about L4/L5 [N m].
    extensor_force_n, cocontraction_force_n : float or array
        Forces of the extensors and of the abdominal wall (both groups) [N].
    abdominal_force_n, oblique_force_n, psoas_force_n : float or array
        Forces of the other groups [N]; abdominal plus oblique force is the
        co-contraction force.
    passive_moment_nm : float or array
        Part of the flexion moment resisted by passive tissue (ligaments, the
        disc, the stretched muscles) rather than by muscle work [N m].
    abdominal_pressure_relief : float or array
        Share of the compression relieved by intra-abdominal pressure [1].
    abdominal_effort, oblique_effort, hip_flexor_effort : float or array
        Share of each group's strength it is using [1].
    """

    compression_n: Number
    shear_n: Number
    disc_pressure_mpa: Number
    extensor_effort: Number
    zone: str | np.ndarray
    body_weight_multiple: Number
    flexion_moment_nm: Number
    extensor_force_n: Number
    cocontraction_force_n: Number
    abdominal_force_n: Number
    oblique_force_n: Number
    psoas_force_n: Number
    passive_moment_nm: Number
    abdominal_pressure_relief: Number
    abdominal_effort: Number
    oblique_effort: Number
    hip_flexor_effort: Number

    def as_dict(self) -> dict[str, object]:
        """Plain Python values (lists for arrays), for JSON and for the static runtime."""
        out: dict[str, object] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            out[field.name] = value.tolist() if isinstance(value, np.ndarray) else value
        return out


ZONE_NAMES = ("below action limit", "above action limit", "above maximum limit")


def load_zone(compression_n: Number) -> str | np.ndarray:
    """Name the NIOSH zone of a compression force [N] (see ``ACTION_LIMIT_N``)."""
    if isinstance(compression_n, float):
        index = int(compression_n > ACTION_LIMIT_N) + int(compression_n > MAXIMUM_LIMIT_N)
        return ZONE_NAMES[index]
    compression = np.asarray(compression_n, dtype=float)
    index = (compression > ACTION_LIMIT_N).astype(int) + (compression > MAXIMUM_LIMIT_N)
    names = np.asarray(ZONE_NAMES)[index]
    return str(names) if names.ndim == 0 else names


def _scalar_or_array(value: np.ndarray) -> Number:
    return value.item() if np.ndim(value) == 0 else value


def _numeric_fields(owner: object) -> list[Number]:
    return [getattr(owner, f.name) for f in fields(owner) if f.name != "position"]


def lumbar_load(
    body: Body | None = None,
    posture: Posture | None = None,
    muscles: Muscles | None = None,
    _constants: str = "central",
) -> LumbarLoad:
    """Static load on the L4/L5 disc for one person, posture and muscle state.

    Parameters
    ----------
    body : Body, optional
        Size of the person; a 70 kg, 1.75 m adult by default.
    posture : Posture, optional
        Position, trunk flexion, load in the hands and hip-flexor work; standing
        upright with empty hands by default.
    muscles : Muscles, optional
        Strength and tension; typical (strength 1.0, no extra tension) by default.

    Returns
    -------
    LumbarLoad
        Numbers when every input is a number, arrays broadcast from the inputs
        otherwise.

    Notes
    -----
    With :math:`W` the weight above L4/L5, :math:`L` the load's weight,
    :math:`\\theta` the trunk flexion, :math:`d` horizontal moment arms and
    :math:`g = 1` upright (0 lying):

    * flexion moment :math:`M = g\\,[W_t (d_0\\cos\\theta + r_t \\sin\\theta) + W_a d_a + L d_L]`,
      with :math:`d_0` larger in sitting (``SITTING_COM_SHIFT_M``) and the arms'
      lever :math:`d_a` at the shoulders or reaching towards the load;
    * abdominal wall force :math:`F_a = F_{max} (a_0 + t)`, with baseline tone
      :math:`a_0` and tension :math:`t` split between obliques and rectus;
    * extensor force :math:`F_e = (M + F_a r_a) / r_e`;
    * compression :math:`C = g (W + L)\\cos\\varphi + F_e + F_a + T\\cos 17^\\circ`,
      with :math:`\\varphi` the disc's tilt and :math:`T` the psoas tension.

    """
    body = Body() if body is None else body
    posture = Posture() if posture is None else posture
    muscles = Muscles() if muscles is None else muscles
    for value, kind in ((body, Body), (posture, Posture), (muscles, Muscles)):
        if not isinstance(value, kind):
            raise TypeError(f"expected a {kind.__name__}, got {type(value).__name__}")

    inputs = [value for owner in (body, posture, muscles) for value in _numeric_fields(owner)]
    position = posture.position
    if all(isinstance(value, int | float) for value in inputs):
        # Plain numbers take the math module: the same formulas, a few times faster.
        return LumbarLoad(
            **_load_terms(position, *map(float, inputs), ops=_SCALAR_OPS, k=UNCERTAIN[_constants])
        )
    arrays = [np.asarray(value, dtype=float) for value in inputs]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    terms = _load_terms(position, *arrays, ops=np, k=UNCERTAIN[_constants])
    return LumbarLoad(
        **{name: _scalar_or_array(np.broadcast_to(v, shape).copy()) for name, v in terms.items()}
    )


def lumbar_load_range(
    body: Body | None = None,
    posture: Posture | None = None,
    muscles: Muscles | None = None,
) -> tuple[LumbarLoad, LumbarLoad]:
    """The load at the two ends of the published spread of the uncertain constants.

    Returns ``(low, high)``: ``low`` with every uncertain constant at the end of its
    range that lowers the load (the longer extensor lever, the lower baseline tone,
    the larger relief by intra-abdominal pressure, the men's passive moment) and
    ``high`` at the other end (see ``UNCERTAIN``). The single figure of
    ``lumbar_load`` lies between them. Same inputs and checks as ``lumbar_load``.
    """
    return (
        lumbar_load(body, posture, muscles, _constants="low"),
        lumbar_load(body, posture, muscles, _constants="high"),
    )


class _ScalarOps:
    """The few numpy functions the formulas use, for plain floats."""

    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    radians = staticmethod(math.radians)
    maximum = staticmethod(max)
    minimum = staticmethod(min)


_SCALAR_OPS = _ScalarOps()


def shoulder_forward_distance_m(
    trunk_flexion_deg: Number, height_m: Number, position: str = "standing"
) -> Number:
    """How far in front of the L4/L5 disc the shoulders are, horizontally [m].

    The trunk turns about the disc: upright, the shoulders stand a little in front
    of it (``UPRIGHT_COM_OFFSET_M``, more in sitting, ``SITTING_COM_SHIFT_M``); bent
    forward, they move out by ``SHOULDER_DISTANCE_FRACTION`` of the stature times the
    sine of the bend. Arms hanging straight down put the hands, and a load held in
    them, this far in front of the disc. Numbers or numpy arrays, as ``lumbar_load``.
    """
    Posture(position=position)  # the same message as any other unknown position
    plain = all(isinstance(value, int | float) for value in (trunk_flexion_deg, height_m))
    ops = _SCALAR_OPS if plain else np
    return _lever_arms_m(position, height_m, ops.radians(trunk_flexion_deg), ops)[1]


def _lever_arms_m(position, height_m, flexion_rad, ops) -> tuple:
    """Horizontal levers in front of L4/L5 [m]: the trunk and head's centre of mass, shoulders."""
    # The trunk turns about the disc.
    sin_flexion, cos_flexion = ops.sin(flexion_rad), ops.cos(flexion_rad)
    upright_offset_m = UPRIGHT_COM_OFFSET_M + (
        SITTING_COM_SHIFT_M if position == "sitting" else 0.0
    )
    offset_m = upright_offset_m * cos_flexion
    trunk_head_arm_m = offset_m + TRUNK_HEAD_COM_DISTANCE_FRACTION * height_m * sin_flexion
    shoulder_arm_m = offset_m + SHOULDER_DISTANCE_FRACTION * height_m * sin_flexion
    return trunk_head_arm_m, shoulder_arm_m


def _flexion_moment_nm(
    position, mass_kg, height_m, flexion_rad, load_weight_n, load_distance_m, ops
):
    """The moments of gravity about L4/L5 when upright [N m]: the body's own, and the load's."""
    upper_body_weight_n = UPPER_BODY_MASS_FRACTION * mass_kg * GRAVITY_M_PER_S2
    arms_weight_n = ARMS_MASS_FRACTION * mass_kg * GRAVITY_M_PER_S2
    trunk_head_weight_n = upper_body_weight_n - arms_weight_n
    trunk_head_arm_m, shoulder_arm_m = _lever_arms_m(position, height_m, flexion_rad, ops)
    # The arms hang below the shoulders, or reach forward to hands held further out.
    reach_m = ops.maximum(load_distance_m - shoulder_arm_m, 0.0)
    arms_arm_m = shoulder_arm_m + ARM_COM_FRACTION * reach_m
    body_nm = trunk_head_weight_n * trunk_head_arm_m + arms_weight_n * arms_arm_m
    return body_nm, load_weight_n * load_distance_m


def _abdominal_wall(obliques_tension, abdominals_tension, baseline) -> dict:
    """The abdominal wall's capacities and forces [N], rectus and obliques.

    Its force is its baseline tone plus any bracing, in newtons of a typical adult:
    strength changes the share of capacity used, never the force.
    """
    rectus_max_n = (1.0 - OBLIQUE_SHARE_OF_ABDOMINAL_WALL) * MAX_ABDOMINAL_WALL_FORCE_N
    oblique_max_n = OBLIQUE_SHARE_OF_ABDOMINAL_WALL * MAX_ABDOMINAL_WALL_FORCE_N
    return {
        "rectus_max_n": rectus_max_n,
        "oblique_max_n": oblique_max_n,
        "abdominal_force_n": rectus_max_n * (baseline + abdominals_tension),
        "oblique_force_n": oblique_max_n * (baseline + obliques_tension),
    }


UNCERTAIN = {
    "central": {
        "extensor_arm_m": EXTENSOR_MOMENT_ARM_M,
        "baseline": BASELINE_ABDOMINAL_ACTIVATION,
        "relief_share": ABDOMINAL_PRESSURE_RELIEF_SHARE,
        "passive_full_nm": PASSIVE_MOMENT_FULL_FLEXION_NM,
        "swelling_mpa": DISC_SWELLING_PRESSURE_MPA,
    },
    # Each constant at the end of its published spread that lowers the load ...
    "low": {
        "extensor_arm_m": EXTENSOR_MOMENT_ARM_HIGH_M,
        "baseline": BASELINE_ABDOMINAL_ACTIVATION_LOW,
        "relief_share": ABDOMINAL_PRESSURE_RELIEF_HIGH_SHARE,
        "passive_full_nm": PASSIVE_MOMENT_FULL_FLEXION_MEN_NM,
        "swelling_mpa": DISC_SWELLING_PRESSURE_MPA,
    },
    # ... and at the end that raises it.
    "high": {
        "extensor_arm_m": EXTENSOR_MOMENT_ARM_LOW_M,
        "baseline": BASELINE_ABDOMINAL_ACTIVATION_HIGH,
        "relief_share": 0.0,
        "passive_full_nm": PASSIVE_MOMENT_FULL_FLEXION_WOMEN_NM,
        "swelling_mpa": DISC_SWELLING_PRESSURE_MORNING_MPA,
    },
}
"""The uncertain constants: the model's single figure, and the two ends of its range."""


def _passive_moment_nm(position, trunk_flexion_deg, moment_nm, passive_full_nm, ops):
    """Flexion moment resisted by passive tissue [N m] (``PASSIVE_MOMENT_LORDOTIC_NM``)."""
    sitting_deg = SITTING_LORDOSIS_LOSS_DEG if position == "sitting" else 0.0
    lumbar_deg = LUMBAR_SHARE_OF_FLEXION * trunk_flexion_deg + sitting_deg
    share = ops.minimum(lumbar_deg / LUMBAR_FLEXION_RANGE_DEG, 1.0)
    capacity_nm = (
        PASSIVE_MOMENT_LORDOTIC_NM + (passive_full_nm - PASSIVE_MOMENT_LORDOTIC_NM) * share
    )
    return ops.minimum(capacity_nm, moment_nm)


def _relief(moment_nm, relief_share, ops):
    """Share of compression relieved by intra-abdominal pressure (``ABDOMINAL_PRESSURE_*``)."""
    above = (moment_nm - ABDOMINAL_PRESSURE_THRESHOLD_NM) / ABDOMINAL_PRESSURE_THRESHOLD_NM
    return relief_share * ops.minimum(ops.maximum(above, 0.0), 1.0)


def _pressure_mpa(compression_n, swelling_mpa, ops):
    """Nucleus pressure [MPa]: from the compression, never below the disc's swelling pressure."""
    return ops.maximum(DISC_PRESSURE_CORRECTION * compression_n / DISC_AREA_M2 / 1e6, swelling_mpa)


def _posterior_forces(flexion_moment_nm, passive_nm, cocontraction_force_n, extensor_arm_m):
    """Extensor moment [N m], extensor force and passive posterior-tissue force [N].

    Muscles carry what passive tissue does not; the disc's own share of the passive
    moment presses nothing, the rest pulls on the extensors' lever.
    """
    extensor_moment_nm = (
        flexion_moment_nm - passive_nm + cocontraction_force_n * ABDOMINAL_MOMENT_ARM_M
    )
    ligament_force_n = (1.0 - DISC_SHARE_OF_PASSIVE_MOMENT) * passive_nm / extensor_arm_m
    return extensor_moment_nm, extensor_moment_nm / extensor_arm_m, ligament_force_n


def _load_terms(position, *inputs, ops, k=UNCERTAIN["central"]) -> dict:
    """The model's formulas, written once for floats (``ops=_SCALAR_OPS``) and arrays (``np``).

    ``inputs`` are the numeric fields of Body, Posture and Muscles, in that order.
    """
    mass_kg, height_m, trunk_flexion_deg, load_kg, load_distance_m = inputs[:5]
    hip_flexor_activation, backrest, extensors, obliques, hip_flexors = inputs[5:10]
    abdominals, obliques_tension, abdominals_tension = inputs[10:]
    # In lying the bed carries the body: gravity neither presses along the spine nor bends it.
    upright = 0.0 if position == "lying" else 1.0
    leaning = backrest if position == "sitting" else 0.0 * backrest
    flexion_rad = ops.radians(trunk_flexion_deg)
    load_weight_n = load_kg * GRAVITY_M_PER_S2
    body_nm, load_nm = _flexion_moment_nm(
        position, mass_kg, height_m, flexion_rad, load_weight_n, load_distance_m, ops
    )
    # A backrest carries the moment of the body's own weight, not of a load in the hands.
    flexion_moment_nm = upright * ((1.0 - leaning) * body_nm + load_nm)
    passive_nm = _passive_moment_nm(
        position, trunk_flexion_deg, flexion_moment_nm, k["passive_full_nm"], ops
    )
    recline_cos = ops.cos(ops.radians(BACKREST_RECLINE_DEG * leaning))
    weight_n = upright * (
        UPPER_BODY_MASS_FRACTION * mass_kg * GRAVITY_M_PER_S2 * recline_cos + load_weight_n
    )
    disc_tilt_rad = HIP_SHARE_OF_FLEXION * flexion_rad
    wall = _abdominal_wall(obliques_tension, abdominals_tension, k["baseline"])
    cocontraction_force_n = wall["abdominal_force_n"] + wall["oblique_force_n"]
    psoas_force_n = PSOAS_MAX_FORCE_N * hip_flexor_activation
    psoas_angle_rad = ops.radians(PSOAS_FASCICLE_ANGLE_DEG)
    extensor_moment_nm, extensor_force_n, ligament_force_n = _posterior_forces(
        flexion_moment_nm, passive_nm, cocontraction_force_n, k["extensor_arm_m"]
    )
    relief = _relief(flexion_moment_nm, k["relief_share"], ops)
    compression_n = (1.0 - relief) * (
        weight_n * ops.cos(disc_tilt_rad)
        + extensor_force_n
        + ligament_force_n
        + cocontraction_force_n
        + ops.cos(psoas_angle_rad) * psoas_force_n
    )
    return {
        "compression_n": compression_n,
        "shear_n": weight_n * ops.sin(disc_tilt_rad) + ops.sin(psoas_angle_rad) * psoas_force_n,
        "disc_pressure_mpa": _pressure_mpa(compression_n, k["swelling_mpa"], ops),
        "extensor_effort": extensor_moment_nm / (MAX_EXTENSOR_MOMENT_NM * extensors),
        "zone": load_zone(compression_n),
        "body_weight_multiple": compression_n / (mass_kg * GRAVITY_M_PER_S2),
        "flexion_moment_nm": flexion_moment_nm,
        "extensor_force_n": extensor_force_n,
        "cocontraction_force_n": cocontraction_force_n,
        "abdominal_force_n": wall["abdominal_force_n"],
        "oblique_force_n": wall["oblique_force_n"],
        "psoas_force_n": psoas_force_n,
        "passive_moment_nm": passive_nm,
        "abdominal_pressure_relief": relief,
        "abdominal_effort": wall["abdominal_force_n"] / (wall["rectus_max_n"] * abdominals),
        "oblique_effort": wall["oblique_force_n"] / (wall["oblique_max_n"] * obliques),
        "hip_flexor_effort": hip_flexor_activation / hip_flexors,
    }


def browser_constants() -> dict[str, object]:
    """Every constant and range the browser's port (``model.js``, beside this file) needs.

    The JavaScript holds formulas only; the numbers come from here, so the two
    runtimes cannot drift apart on a constant.
    """
    names = [
        name
        for name, value in globals().items()
        if name.isupper() and isinstance(value, float) and not name.startswith("_")
    ]
    constants: dict[str, object] = {name: globals()[name] for name in sorted(names)}
    constants["ZONE_NAMES"] = list(ZONE_NAMES)
    constants["POSITIONS"] = list(POSITIONS)
    constants["UNCERTAIN"] = UNCERTAIN
    constants["RANGES"] = {**BODY_RANGES, **POSTURE_RANGES, **MUSCLE_RANGES}
    # The messages as data: one template each, the range ends already written as text.
    constants["RANGE_TEXT"] = {
        name: list(_range_text(*bounds)) for name, bounds in constants["RANGES"].items()
    }
    constants["MESSAGES"] = {"range": RANGE_MESSAGE, "position": POSITION_MESSAGE}
    constants["POSITIONS_TEXT"] = POSITIONS_TEXT
    constants["VALUE_TEXT"] = {
        "locale": MESSAGE_LOCALE,
        "significant_digits": VALUE_SIGNIFICANT_DIGITS,
    }
    owners = (Body, Posture, Muscles)
    constants["DEFAULTS"] = {f.name: f.default for cls in owners for f in fields(cls)}
    constants["INPUT_OWNERS"] = {f.name: cls.__name__ for cls in owners for f in fields(cls)}
    return constants
