//! The closed vocabularies of the profile: pregnancy stages, muscles, conditions, activity
//! levels, deficiencies, symptoms and sleep positions. Requests and the knowledge files name
//! them by the wire names declared here, once (see [`super::wire`]).

use super::wire::wire_enum;

wire_enum!(
    /// Pregnancy status.
    PregnancyStage {
        /// Not pregnant and not recently delivered.
        None => "none",
        /// Weeks 1–12.
        Trimester1 => "trimester_1",
        /// Weeks 13–27.
        Trimester2 => "trimester_2",
        /// Week 28 to birth.
        Trimester3 => "trimester_3",
        /// Up to about six weeks after giving birth.
        Postpartum => "postpartum",
    }
);

impl PregnancyStage {
    /// True during any trimester (not postpartum).
    pub fn is_pregnant(self) -> bool {
        matches!(self, Self::Trimester1 | Self::Trimester2 | Self::Trimester3)
    }
}

wire_enum!(
    /// A muscle group that cramps.
    Muscle {
        /// Calf (gastrocnemius or soleus).
        Calf => "calf",
        /// Small muscles of the foot.
        Foot => "foot",
        /// Front of the thigh.
        Thigh => "thigh",
        /// Back of the thigh.
        Hamstring => "hamstring",
        /// Any other muscle.
        Other => "other",
    }
);

wire_enum!(
    /// A diagnosed medical condition.
    MedicalCondition {
        /// Diabetes (type 1 or 2).
        Diabetes => "diabetes",
        /// Chronic kidney disease, any stage.
        ChronicKidneyDisease => "chronic_kidney_disease",
        /// On haemodialysis or peritoneal dialysis.
        Dialysis => "dialysis",
        /// Liver disease other than cirrhosis (or not known to be cirrhosis).
        LiverDisease => "liver_disease",
        /// Cirrhosis of the liver.
        Cirrhosis => "cirrhosis",
        /// Underactive thyroid.
        Hypothyroidism => "hypothyroidism",
        /// Peripheral artery disease.
        PeripheralArteryDisease => "peripheral_artery_disease",
        /// Peripheral neuropathy, any cause.
        PeripheralNeuropathy => "peripheral_neuropathy",
        /// Lumbar spinal stenosis.
        SpinalStenosis => "spinal_stenosis",
        /// Sciatica or lumbar radiculopathy.
        Sciatica => "sciatica",
        /// Parkinson's disease or parkinsonism.
        ParkinsonsDisease => "parkinsons_disease",
        /// Heart failure.
        HeartFailure => "heart_failure",
        /// Coronary disease, hypertension or stroke.
        CardiovascularDisease => "cardiovascular_disease",
        /// Arthritis.
        Arthritis => "arthritis",
        /// Current or recent cancer treatment.
        CancerTreatment => "cancer_treatment",
        /// Varicose veins or venous insufficiency.
        VaricoseVeins => "varicose_veins",
        /// Diagnosed restless legs syndrome.
        RestlessLegsSyndrome => "restless_legs_syndrome",
    }
);

wire_enum!(
    /// Usual physical activity.
    ActivityLevel {
        /// Little or no activity.
        Sedentary => "sedentary",
        /// Light activity such as short walks.
        Light => "light",
        /// Moderate activity most days.
        Moderate => "moderate",
        /// Hard training or physical work.
        Vigorous => "vigorous",
    }
);

wire_enum!(
    /// A mineral or vitamin deficiency diagnosed by a clinician.
    Deficiency {
        /// Low magnesium.
        Magnesium => "magnesium",
        /// Low potassium.
        Potassium => "potassium",
        /// Low calcium.
        Calcium => "calcium",
        /// Low sodium.
        Sodium => "sodium",
        /// Low vitamin D.
        VitaminD => "vitamin_d",
    }
);

wire_enum!(
    /// A symptom or circumstance the person reports.
    Symptom {
        /// Swelling of one calf only.
        OneSidedCalfSwelling => "one_sided_calf_swelling",
        /// A calf that is warm, red or tender.
        CalfWarmthOrRedness => "calf_warmth_or_redness",
        /// New or sudden breathlessness or chest pain (not long-standing breathlessness from a
        /// known lung or heart condition).
        NewBreathlessnessOrChestPain => "new_breathlessness_or_chest_pain",
        /// Dark, tea- or cola-coloured urine.
        DarkUrine => "dark_urine",
        /// New muscle weakness.
        MuscleWeakness => "muscle_weakness",
        /// Muscles getting smaller.
        MuscleWasting => "muscle_wasting",
        /// Widespread muscle twitching.
        MuscleTwitching => "muscle_twitching",
        /// Numbness or tingling in the legs or feet.
        NumbnessOrTingling => "numbness_or_tingling",
        /// Leg pain on walking that eases with rest.
        PainWalkingRelievedByRest => "pain_walking_relieved_by_rest",
        /// Back pain spreading down a leg.
        BackPainRadiatingDownLeg => "back_pain_radiating_down_leg",
        /// Cramps in the back, belly, hands or neck too.
        CrampsInOtherBodyParts => "cramps_in_other_body_parts",
        /// An urge to move the legs that movement relieves.
        UrgeToMoveRelievedByMovement => "urge_to_move_relieved_by_movement",
        /// A recent wound contaminated with soil.
        RecentSoilContaminatedWound => "recent_soil_contaminated_wound",
        /// Unusual bleeding or bruising.
        UnusualBleedingOrBruising => "unusual_bleeding_or_bruising",
        /// A leg that is suddenly cold and pale.
        ColdPaleLeg => "cold_pale_leg",
        /// Unusual thirst or passing urine often.
        ThirstOrFrequentUrination => "thirst_or_frequent_urination",
        /// Feeling the cold, or weight gain.
        ColdIntoleranceOrWeightGain => "cold_intolerance_or_weight_gain",
        /// Currently taking quinine (tablets or tonic water in quantity).
        TakingQuinine => "taking_quinine",
        /// New problems controlling the bladder or bowel, or numbness around the genitals or
        /// buttocks (the saddle area).
        NewBladderBowelOrSaddleSymptoms => "new_bladder_bowel_or_saddle_symptoms",
        /// Foot or leg pain at night or at rest that eases when the leg hangs down.
        RestPainEasedByHangingLeg => "rest_pain_eased_by_hanging_leg",
        /// Tingling around the mouth, or spasms of the hands or feet.
        TinglingAroundMouthOrHandFootSpasms => "tingling_around_mouth_or_hand_foot_spasms",
    }
);

wire_enum!(
    /// Usual sleeping position.
    SleepPosition {
        /// On the back.
        Back => "back",
        /// On the side.
        Side => "side",
        /// On the front.
        Front => "front",
        /// No usual position.
        Varies => "varies",
    }
);
