// Plain names for common laboratory tests and vital signs, for patients: the portal shows them in place of LOINC's
// long names ("Cholesterol" for "Cholesterol [Mass/volume] in Serum or Plasma") and keeps the full name one click away.

CodeSystem: PortalDesignationUse
Id: portal-designation-use
Title: "Portal designation use"
Description: "What a designation of a concept is for, in the portal."
* insert PortalDefinition
* ^caseSensitive = true
* #consumer "Consumer name" "A short name in everyday words, for patients (as on a patient's copy of a lab report)."

CodeSystem: LoincConsumerNames
Id: loinc-consumer-names
Title: "Plain names of common tests"
Description: "A supplement to LOINC: for the laboratory tests and vital signs patients see most, a short name in everyday words (designation use consumer). The portal app reads it with CodeSystem?url= and falls back to the name the EHR sent."
* insert PortalDefinition
* ^content = #supplement
* ^supplements = "http://loinc.org"
* ^caseSensitive = true
* #2345-7 "Glucose"
* #2345-7 ^designation[0].use = PortalDesignationUse#consumer
* #2345-7 ^designation[0].value = "Glucose"
* #2339-0 "Glucose"
* #2339-0 ^designation[0].use = PortalDesignationUse#consumer
* #2339-0 ^designation[0].value = "Glucose"
* #2160-0 "Creatinine"
* #2160-0 ^designation[0].use = PortalDesignationUse#consumer
* #2160-0 ^designation[0].value = "Creatinine"
* #2093-3 "Cholesterol"
* #2093-3 ^designation[0].use = PortalDesignationUse#consumer
* #2093-3 ^designation[0].value = "Cholesterol"
* #2085-9 "HDL cholesterol (good cholesterol)"
* #2085-9 ^designation[0].use = PortalDesignationUse#consumer
* #2085-9 ^designation[0].value = "HDL cholesterol (good cholesterol)"
* #13457-7 "LDL cholesterol (bad cholesterol)"
* #13457-7 ^designation[0].use = PortalDesignationUse#consumer
* #13457-7 ^designation[0].value = "LDL cholesterol (bad cholesterol)"
* #18262-6 "LDL cholesterol (bad cholesterol)"
* #18262-6 ^designation[0].use = PortalDesignationUse#consumer
* #18262-6 ^designation[0].value = "LDL cholesterol (bad cholesterol)"
* #2571-8 "Triglycerides"
* #2571-8 ^designation[0].use = PortalDesignationUse#consumer
* #2571-8 ^designation[0].value = "Triglycerides"
* #718-7 "Hemoglobin"
* #718-7 ^designation[0].use = PortalDesignationUse#consumer
* #718-7 ^designation[0].value = "Hemoglobin"
* #4548-4 "HbA1c (average blood sugar)"
* #4548-4 ^designation[0].use = PortalDesignationUse#consumer
* #4548-4 ^designation[0].value = "HbA1c (average blood sugar)"
* #6690-2 "White blood cell count"
* #6690-2 ^designation[0].use = PortalDesignationUse#consumer
* #6690-2 ^designation[0].value = "White blood cell count"
* #789-8 "Red blood cell count"
* #789-8 ^designation[0].use = PortalDesignationUse#consumer
* #789-8 ^designation[0].value = "Red blood cell count"
* #777-3 "Platelet count"
* #777-3 ^designation[0].use = PortalDesignationUse#consumer
* #777-3 ^designation[0].value = "Platelet count"
* #2823-3 "Potassium"
* #2823-3 ^designation[0].use = PortalDesignationUse#consumer
* #2823-3 ^designation[0].value = "Potassium"
* #2951-2 "Sodium"
* #2951-2 ^designation[0].use = PortalDesignationUse#consumer
* #2951-2 ^designation[0].value = "Sodium"
* #3094-0 "Urea nitrogen (BUN)"
* #3094-0 ^designation[0].use = PortalDesignationUse#consumer
* #3094-0 ^designation[0].value = "Urea nitrogen (BUN)"
* #33914-3 "Kidney function (eGFR)"
* #33914-3 ^designation[0].use = PortalDesignationUse#consumer
* #33914-3 ^designation[0].value = "Kidney function (eGFR)"
* #1742-6 "Liver enzyme ALT"
* #1742-6 ^designation[0].use = PortalDesignationUse#consumer
* #1742-6 ^designation[0].value = "Liver enzyme ALT"
* #1920-8 "Liver enzyme AST"
* #1920-8 ^designation[0].use = PortalDesignationUse#consumer
* #1920-8 ^designation[0].value = "Liver enzyme AST"
* #3016-3 "Thyroid hormone TSH"
* #3016-3 ^designation[0].use = PortalDesignationUse#consumer
* #3016-3 ^designation[0].value = "Thyroid hormone TSH"
* #8867-4 "Heart rate"
* #8867-4 ^designation[0].use = PortalDesignationUse#consumer
* #8867-4 ^designation[0].value = "Heart rate"
* #85354-9 "Blood pressure"
* #85354-9 ^designation[0].use = PortalDesignationUse#consumer
* #85354-9 ^designation[0].value = "Blood pressure"
* #8480-6 "Systolic blood pressure"
* #8480-6 ^designation[0].use = PortalDesignationUse#consumer
* #8480-6 ^designation[0].value = "Systolic blood pressure"
* #8462-4 "Diastolic blood pressure"
* #8462-4 ^designation[0].use = PortalDesignationUse#consumer
* #8462-4 ^designation[0].value = "Diastolic blood pressure"
* #29463-7 "Weight"
* #29463-7 ^designation[0].use = PortalDesignationUse#consumer
* #29463-7 ^designation[0].value = "Weight"
* #8302-2 "Height"
* #8302-2 ^designation[0].use = PortalDesignationUse#consumer
* #8302-2 ^designation[0].value = "Height"
* #39156-5 "Body mass index (BMI)"
* #39156-5 ^designation[0].use = PortalDesignationUse#consumer
* #39156-5 ^designation[0].value = "Body mass index (BMI)"
